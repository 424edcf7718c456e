import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200000_directory extends Migration {

  override async up(): Promise<void> {
    // Trigram matching for people search (prefixes, small typos). Ships with PostgreSQL's contrib.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`alter table "person" add column "search_text" text not null default '';`);
    // Existing rows: the same text deriveColumns() builds on every write.
    this.addSql(`update "person" set "search_text" = lower(concat_ws(' ', display_name, given_name, family_name, scim->>'nickName', email, title, department, locality, region, country_code));`);
    this.addSql(`create index "person_search_trgm_idx" on "person" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_search_trgm_idx";`);
    this.addSql(`alter table "person" drop column "search_text";`);
  }

}
