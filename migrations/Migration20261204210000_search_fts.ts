import { Migration } from '@mikro-orm/migrations';

export class Migration20261204210000_search_fts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "person_search_fts_idx" on "person" using gin (to_tsvector('simple', "search_text"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "person_search_fts_idx";`);
  }

}
