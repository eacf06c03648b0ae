"""Pure domain: enums, template schema, read models, progress, exports. No SQL, no Textual."""
