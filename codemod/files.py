"""Finding input files and writing results back without ever losing the original.

Writes go to a temporary file in the same folder that gets the original's mode, owner, group and
extended attributes, and replaces it atomically; a file that changed on disk since it was read,
a read-only file, a hard-linked file (replacing it would silently split the links) and a file
whose owner or attributes cannot be kept are left alone and reported. Termination signals are
held off while a temporary file exists, so Ctrl-C (or the SIGTERM a batch sends its workers)
never leaves one behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .config import Config
from .document import language_for
from .errors import InputError

TEMP_SUFFIX = ".iacfix-tmp"

SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    "dist",
    "build",
    ".cache",
}


def iter_inputs(paths: list[str], config: Config) -> Iterator[tuple[str, InputError | None]]:
    """Files to process, in a stable order; errors for inputs that cannot be used."""
    for p in paths:
        path = Path(p)
        if not path.exists() and not path.is_symlink():
            yield p, InputError(p, "no such file or directory")
            continue
        if path.is_symlink() and not path.exists():
            yield p, InputError(p, "broken symbolic link")
            continue
        if path.is_dir():
            root = path.resolve()
            for name, entry in _walk(path, config):
                # The directory listing's file types answer for most files (no system call
                # each); a symbolic link, or a name the listing no longer has, is looked at.
                if entry is not None and not entry.is_symlink():
                    if entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
                        yield name, None
                        continue
                f = Path(name)
                if f.is_symlink():
                    target = f.resolve()
                    if not _inside(target, root):
                        yield (
                            name,
                            InputError(name, f"symbolic link to {target}, outside the input tree: not followed"),
                        )
                        continue
                problem = _not_regular(f)
                yield name, (InputError(name, problem) if problem else None)
        else:
            problem = _not_regular(path)
            yield p, (InputError(p, problem) if problem else None)


def _not_regular(path: Path) -> str | None:
    """Why `path` (followed) is not a file iacfix reads, or None. Reading checks again, on the
    open descriptor (document.read_regular_file): this only spares the work of opening."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading will say what is wrong
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    from .document import _kind

    return f"not a regular file ({_kind(mode)}); not read"


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def _walk(root: Path, config: Config) -> Iterator[tuple[str, os.DirEntry | None]]:
    """The code files under `root`, each as `str(Path(dirpath) / name)` with its entry of the
    directory's listing (None when the listing no longer has it)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.startswith(".")
            and not config.excluded(os.path.normpath(os.path.join(rel_dir, d)))
        )
        names = [n for n in sorted(filenames) if not n.endswith(".d.ts") and language_for(n) is not None]
        if config.exclude:
            names = [n for n in names if not config.excluded(os.path.normpath(os.path.join(rel_dir, n)))]
        if not names:
            continue
        try:
            with os.scandir(dirpath) as listing:
                entries = {e.name: e for e in listing}
        except OSError:
            entries = {}
        prefix = str(Path(dirpath) / "x")[:-1]  # how Path joins a name here ("" for ".")
        for name in names:
            yield prefix + name, entries.get(name)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold off SIGINT/SIGTERM/SIGHUP/SIGQUIT in this thread until the block ends. Only the main
    thread of a process runs Python signal handlers, and a batch worker is single-threaded, so
    this covers Ctrl-C in `apply` and the SIGTERM a batch sends its workers on Ctrl-C. In another
    thread (a library caller's) the block runs as it is. (signal and threading are imported here:
    a run that writes no file needs neither.)"""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # Held off while a temporary file exists (delivered as soon as it is renamed or removed).
    deferred = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, deferred)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def temp_prefix(target: Path) -> str:
    """Temporary files are `.NAME.PID.<random>.iacfix-tmp` beside the target: the pid lets a
    batch remove what a worker killed with SIGKILL left (`remove_stale_temp`)."""
    return f".{target.name}.{os.getpid()}."


def remove_stale_temp(target: str | Path, pid: int) -> None:
    """Remove the temporary files process `pid` (dead) left beside `target`."""
    t = Path(target)
    try:
        names = os.listdir(t.parent)
    except OSError:
        return
    prefix = f".{t.name}.{pid}."
    for name in names:
        if name.startswith(prefix) and name.endswith(TEMP_SUFFIX):
            with contextlib.suppress(OSError):
                os.unlink(t.parent / name)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)  # not thread safe, hence the /proc read first
    os.umask(old)
    return old


def new_file_mode() -> int:
    """The mode `open()` would give a new file: 0666 less the umask (mkstemp makes 0600)."""
    return 0o666 & ~_umask()


def keep_metadata(fd: int, real: Path, path: str, st: os.stat_result | None = None) -> None:
    """Give the open file `fd` the owner, group, mode and extended attributes of `real`, or raise
    InputError: a file that changes owner (a root run) or loses an ACL is damaged."""
    st = st or real.stat()
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except PermissionError:
            raise InputError(
                path, f"owned by uid {st.st_uid}/gid {st.st_gid}: replacing it would change its owner; not written"
            ) from None
    os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after chown: chown may clear set-id bits
    try:
        names = os.listxattr(real)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.ENOSYS):
            return
        raise
    for name in names:
        try:
            value = os.getxattr(real, name)
            os.setxattr(fd, name, value)
        except OSError as exc:
            if name == "security.selinux":
                continue  # the new file gets its label from the policy, as any new file does
            raise InputError(
                path, f"cannot keep extended attribute {name} ({exc.strerror or exc}); not written"
            ) from None


def _create_no_clobber(tmp: str, real: Path) -> None:
    """Move `tmp` to `real` unless `real` exists, atomically (a hard link fails if the name is
    taken); where the file system has no hard links, check and rename."""
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
        if real.exists() or real.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists") from None
        os.replace(tmp, real)
        return
    os.unlink(tmp)


def atomic_write(path: str | Path, data: bytes, expected: bytes | None = None, *, overwrite: bool = True) -> None:
    """Replace `path` with `data` atomically, keeping its mode, owner, group and extended
    attributes. If `expected` is given and the file no longer holds it (changed on disk since it
    was read), raise InputError and write nothing. With `overwrite=False` an existing `path` is
    never replaced (InputError), even one that appears while we write."""
    target = Path(path)
    real = target.resolve() if target.is_symlink() else target
    try:
        st = real.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not overwrite:
        raise InputError(str(path), "exists; not overwritten (--force to overwrite)")
    if expected is not None:
        try:
            from .document import read_regular_file

            now = read_regular_file(real)
        except InputError as exc:
            raise InputError(str(path), f"cannot re-read before writing: {exc.reason}") from None
        if now != expected:
            raise InputError(str(path), "changed on disk since it was read; not written")
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise InputError(str(path), "not a regular file; not written")
        # No write bit at all means read-only even for root (whom os.access lets write anything).
        if not os.access(real, os.W_OK) or not st.st_mode & 0o222:
            raise InputError(str(path), "read-only file; not written")
        if st.st_nlink > 1:
            raise InputError(str(path), f"has {st.st_nlink} hard links: replacing it would break them; not written")
    with signals_deferred():
        try:
            import tempfile  # here, not at the top: a run that writes nothing never needs it

            fd, tmp = tempfile.mkstemp(prefix=temp_prefix(real), suffix=TEMP_SUFFIX, dir=str(real.parent))
        except OSError as exc:
            raise InputError(str(path), f"write failed, original left whole: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if st is not None:
                    keep_metadata(fh.fileno(), real, str(path), st)
                else:
                    os.chmod(tmp, new_file_mode())
                os.fsync(fh.fileno())
            if overwrite:
                os.replace(tmp, real)
            else:
                _create_no_clobber(tmp, real)
        except BaseException as exc:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, FileExistsError) and not overwrite:
                raise InputError(str(path), "exists; not overwritten (--force to overwrite)") from None
            if isinstance(exc, OSError):
                raise InputError(str(path), f"write failed, original left whole: {exc.strerror or exc}") from None
            raise
