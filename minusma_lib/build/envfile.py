"""Write ``environment.yml`` (for conda users) from ``requirements.lock``: every exact pin.

``python -m minusma_lib.build.envfile`` (run by ``make lock``). tests/test_environment.py checks that the
two files pin exactly the same packages and versions.
"""

from __future__ import annotations

from minusma_lib.core.paths import project_root

HEADER = """\
# Conda users: `conda env create -f environment.yml`. Generated from requirements.lock by
# `python -m minusma_lib.build.envfile` (make lock): the same exact pins, every package. Without conda, use `make`.
name: minusma
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def lock_pins() -> list[str]:
    lines = (project_root() / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def render() -> str:
    body = "".join(f"      - {pin}\n" for pin in lock_pins())
    return HEADER + body + "      - -e .\n"


if __name__ == "__main__":
    path = project_root() / "environment.yml"
    path.write_text(render(), encoding="utf-8")
    print(path)
