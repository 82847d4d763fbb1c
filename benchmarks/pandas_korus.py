"""The workflow a user would pick instead of tradecheck: pandas over the Census files.

Reads the country file (newest vintage) and the end-use export and import files from
../shared/data/census and recomputes the KORUS claims of claims/korus-2018.yaml. pandas is a
benchmark dependency only (`pip install -e '.[bench]'`), never a runtime one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CENSUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "census"


def main() -> None:
    country = pd.read_excel(CENSUS / "country" / "country-2026-04.xlsx", dtype={"CTY_CODE": str})
    korea = country[country["CTY_CODE"] == "5800"].set_index("year")
    exports = korea["EYR"] * 1e6
    imports = korea["IYR"] * 1e6
    deficit = imports - exports
    print(f"exports 2016: {exports[2016] / 1e9:.2f} bn, 2011: {exports[2011] / 1e9:.2f} bn")
    print(f"exports change 2011-2016: {(exports[2016] / exports[2011] - 1) * 100:.2f}%")
    print(f"deficit 2011-2016: {(deficit[2016] / deficit[2011] - 1) * 100:.2f}%")

    ex = pd.read_csv(
        CENSUS / "enduse-exports" / "enduse_exports-2023-07.csv",
        dtype={"CTY_CODE": str, "END_USE": str},
    )
    im = pd.read_excel(
        CENSUS / "enduse-imports" / "enduse_imports-2026-04.xlsx",
        dtype={"CTY_CODE": str, "END_USE": str},
    )

    def autos(frame: pd.DataFrame, column: str) -> float:
        rows = frame[(frame["CTY_CODE"] == "5800") & frame["END_USE"].str.startswith("3")]
        return float(rows[column].sum())

    auto_deficit = autos(im, "value_16") - autos(ex, "value_16")
    print(f"auto deficit 2016: {auto_deficit / 1e9:.2f} bn")
    print(f"auto deficit 2011: {('value_11' in ex.columns and 'available') or 'not in the files'}")


if __name__ == "__main__":
    main()
