"""The Fargate task-size table and the cpu/memory values ECS accepts ("512", 512, "0.5 vCPU", "2 GB").

AWS knowledge, kept apart from the transform that uses it (IAC001): which pairs Fargate runs, the
size to move to, and reading/writing a value in the form the program wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import Literal, literal


def _steps(lo: int, hi: int, step: int) -> tuple[int, ...]:
    return tuple(range(lo, hi + 1, step))


# cpu units -> memory MiB Fargate accepts for the task (AWS "Task size" table).
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: _steps(1024, 4096, 1024),
    1024: _steps(2048, 8192, 1024),
    2048: _steps(4096, 16384, 1024),
    4096: _steps(8192, 30720, 1024),
    8192: _steps(16384, 61440, 4096),
    16384: _steps(32768, 122880, 8192),
}


def valid(cpu: int, memory: int) -> bool:
    return memory in FARGATE_SIZES.get(cpu, ())


def nearest_valid(cpu: float, memory: float) -> tuple[int, int] | None:
    """The size to move to, never lowering either value: keep the memory and raise the cpu to
    the smallest size that supports it; else keep the cpu (or its next size) and raise the
    memory to the smallest value that size supports."""
    for c in sorted(FARGATE_SIZES):
        if c >= cpu and memory in FARGATE_SIZES[c]:
            return c, int(memory)
    for c in sorted(FARGATE_SIZES):
        if c < cpu:
            continue
        bigger = [m for m in FARGATE_SIZES[c] if m >= memory]
        if bigger:
            return c, bigger[0]
    return None


# ---- reading and writing the values in their own form -----------------------------------------
_CPU_RE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(vcpu)?\s*$", re.I)
_MEM_RE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(gb|mib|mb)?\s*$", re.I)


@dataclass
class Size:
    """One of cpu/memory as written: its value in cpu units / MiB and how to write a new one."""

    lit: Literal
    units: float
    unit: str  # "" (plain units / MiB), or the unit as written ("vCPU", "GB", "MiB"...)
    text: str  # the literal's text (string content or number)

    def render(self, units: int) -> str:
        """`units` written like the original: "512" / 512 / "0.5 vCPU" / "2 GB"."""
        if not self.unit or self.unit.lower() in ("mib", "mb"):
            new = str(units)
            if self.unit:
                new = re.sub(r"^\s*[\d.]+", new, self.text, count=1)
            return new
        per = 1024
        amount = units / per
        amount_s = str(int(amount)) if amount == int(amount) else f"{amount:g}"
        return re.sub(r"^\s*[\d.]+", amount_s, self.text, count=1)


def read_size(node, kind: str) -> Size | None:
    """cpu units / MiB of a literal value (through consts and fallbacks), or None."""
    lit = literal(node)
    if lit is None or isinstance(lit.value, bool):
        return None
    v = lit.value
    if isinstance(v, (int, float)):
        return Size(lit, float(v), "", str(v))
    if not isinstance(v, str):
        return None
    m = (_CPU_RE if kind == "cpu" else _MEM_RE).match(v)
    if not m:
        return None
    amount = float(m.group(1))
    unit = m.group(2) or ""
    if unit.lower() in ("vcpu", "gb"):
        amount *= 1024
    return Size(lit, amount, unit, v)
