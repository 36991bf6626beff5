"""Case and fixture files are inputs for the scanner, never test modules: pytest must not import them."""

collect_ignore_glob = ["cases/*", "fixtures/*"]
