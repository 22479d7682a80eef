"""Tables written the other way round: years down the first column, provinces across the header
(the provincial CPI: "ปี, สมุทรปราการ, นนทบุรี, …"). A recipe says so (`[file] transpose = true`)
and the table is turned before layout recognition, so every other rule applies unchanged.

Numbering: in the turned table, row n is the file's column n (1 = A) and column k its k-th
row; a problem reported at "row 3, column B" is the file's column C, row 2.
"""

from __future__ import annotations

from dataclasses import replace

from lib.ingest.read import Cell, Table


def transposed(table: Table) -> Table:
    """The table with rows and columns swapped (merged ranges too); rows the file leaves short
    are padded with empty cells."""
    rows = [cells for _, cells in table.rows]
    width = max((len(c) for c in rows), default=0)
    turned: list[tuple[int, list[Cell]]] = [
        (col + 1, [cells[col] if col < len(cells) else None for cells in rows]) for col in range(width)
    ]
    index = {number: i for i, (number, _) in enumerate(table.rows)}  # shown row number -> position
    merges = [(c0 + 1, index[r0], c1 + 1, index[r1]) for r0, c0, r1, c1 in table.merges if r0 in index and r1 in index]
    return replace(table, rows=turned, merges=merges)
