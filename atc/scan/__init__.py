"""`atc scan`: the pipeline over whole projects, file by file, on a process pool or a cluster, into a store.

discover: which files, with which flags (compile_commands.json, a recorded `make` dry run, or defaults);
work: one file's analysis, the only place the pipeline is called; store: the SQLite results store;
engines: local process pool, Dask, Ray; progress: the progress line; run: ties them together;
report: renders a store as Markdown and HTML with plots.
"""
