import { defineConfig } from 'drizzle-kit';

// Generates the committed SQL in ./drizzle from every schema file; never hand-edit the output.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/*.ts',
  out: './drizzle',
});
