"""The merge of an earlier dataset's rows (in batches) with a run's new rows, by ``seq``."""

from __future__ import annotations

import bisect
import random

from unionnews.extraction.interleave import _cuts


def _merged(batches: list[list[int]], new: list[int]) -> list[int]:
    """What write_interleaved writes, as the seqs of the rows, in order."""
    out: list[int] = []
    taken = 0
    for seqs in batches:
        for start, end, new_end in _cuts(seqs, new, taken, bisect):
            out.extend(new[taken:new_end])
            taken = max(taken, new_end)
            out.extend(seqs[start:end])
    out.extend(new[taken:])
    return out


def test_new_rows_go_before_between_and_after_old_ones() -> None:
    assert _merged([[1, 1, 4], [6, 9]], [0, 2, 3, 7, 10, 10]) == [0, 1, 1, 2, 3, 4, 6, 7, 9, 10, 10]
    assert _merged([], [3, 5]) == [3, 5]
    assert _merged([[2, 3]], []) == [2, 3]


def test_any_split_of_two_ordered_streams_gives_the_sorted_whole() -> None:
    rng = random.Random(14)
    for _ in range(500):
        docs = list(range(rng.randint(0, 40)))
        rng.shuffle(docs)
        cut = rng.randint(0, len(docs))
        old_docs, new_docs = sorted(docs[:cut]), sorted(docs[cut:])
        # every document has 0 to 3 rows, all with its seq
        old = [d for d in old_docs for _ in range(rng.randint(1, 3))]
        new = [d for d in new_docs for _ in range(rng.randint(1, 3))]
        sizes, batches, at = [rng.randint(1, 5) for _ in old], [], 0
        for size in sizes:
            if at >= len(old):
                break
            batches.append(old[at : at + size])
            at += size
        assert _merged(batches, new) == sorted(old + new)
