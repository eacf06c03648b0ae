"""Built-in checks, one per file; the file name is the check id (see ``tracker/checks/README.md``)."""
