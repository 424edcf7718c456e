// Writes schema/schema.graphql from the type-graphql classes: `npm run schema:emit`.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { printGraphQLSchema } from '../src/graphql/schema.js';

printGraphQLSchema()
  .then((sdl) => writeFile('schema/schema.graphql', sdl))
  .then(() => console.log('wrote schema/schema.graphql'))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
