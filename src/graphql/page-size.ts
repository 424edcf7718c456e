/** Page sizes of every list in the API (kept apart from the GraphQL types so plain modules can use them). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
