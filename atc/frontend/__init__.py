"""C frontend: parse with libclang, find candidate regions, describe what goes in and out of each."""
