"""The tables iacfix ships beside this module (package data), read as bytes.

Read through this package's own loader (`get_data`, which is what `pkgutil.get_data` does), not
`importlib.resources`: the same bytes from a folder or a zip archive, without importing
importlib.resources and with it tempfile, shutil, random and zipfile. With the grammars' bindings
loaded without it too (frontends._treesitter.grammar), `iacfix apply --dry-run` on a two-line file
that names a resource counts 577 M instructions instead of 597 M (benchmarks/bench_startup.py).
A relative import reaches this module by whatever name the package has (`iacfix`, or `codemod`
for the scripts run from a checkout)."""

import errno
import os


def read(name: str) -> bytes:
    """The bytes of the file `name` of this package. FileNotFoundError (an OSError) when absent."""
    path = os.path.join(os.path.dirname(__file__), name)
    loader = __spec__.loader if __spec__ is not None else None
    get_data = getattr(loader, "get_data", None)
    if get_data is None:  # pragma: no cover - every file-based loader (folder, zip) has one
        with open(path, "rb") as f:
            return f.read()
    try:
        data: bytes = get_data(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno:  # a real error reading a file that is there
            raise
        # (zipimport's way of saying the archive holds no such file: OSError(0, '', path))
        raise FileNotFoundError(errno.ENOENT, "no such file in the package", path) from None
    return data


def read_table(name: str) -> bytes:
    """The bytes of table `name`, shipped as it is or gzipped (`name.gz`, decompressed here): the
    one place that knows a table may come either way. FileNotFoundError when neither is shipped."""
    try:
        return read(name)
    except FileNotFoundError:
        pass
    try:
        packed = read(name + ".gz")
    except FileNotFoundError:
        raise FileNotFoundError(f"iacfix.data/{name} is missing (regenerate it with scripts/)") from None
    import gzip  # (here: a table shipped as it is needs no decompressing)

    return gzip.decompress(packed)
