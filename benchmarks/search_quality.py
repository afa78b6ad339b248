"""Search quality on the judged query set: recall@10, nDCG@10, MRR and the zero-result rate.

Usage: make bench   (or: .venv/bin/python benchmarks/search_quality.py [--synthetic 1000])

Loads the demo data (or a synthetic set) into a fresh SQLite database in benchmarks/results/,
runs every query of benchmarks/search_judgements.yaml through the project's search exactly as
the directory page does (``search_resources`` over the listed listings), and scores the ranked
results against the judgements (benchmarks/judgements.py). Reported per backend — the database
always, Elasticsearch too when ELASTICSEARCH_URL is set — overall and per query class, with the
ten worst queries. The scores are also written to benchmarks/results/search_quality-<backend>.json
so that two runs can be compared.

- recall@10: relevant listings in the first 10 results / min(10, relevant listings);
- recall: relevant listings anywhere in the results / relevant listings;
- nDCG@10: graded (2 = highly relevant, 1 = relevant), gain 2^grade − 1;
- MRR: 1 / rank of the first relevant result in the first 10 (0 if none);
- zero: the share of queries with no result at all.
Queries with no relevant listing in the data set (possible on the synthetic set) are skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass

import judgements as judged_set
from harness import RESULTS, fresh_django, width

TARGETS = {"recall@10": 0.9, "ndcg@10": 0.85, "zero": 0.03}
K = 10


@dataclass
class Score:
    query: str
    query_class: str
    relevant: int
    results: int
    recall_at_10: float
    recall: float
    ndcg_at_10: float
    mrr: float


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score(judgement, ranked: list[int], grades: dict[int, int]) -> Score:
    top = ranked[:K]
    found_top = sum(1 for pk in top if pk in grades)
    ideal = dcg(sorted(grades.values(), reverse=True)[:K])
    first = next((i for i, pk in enumerate(top, start=1) if pk in grades), None)
    return Score(
        query=judgement.query,
        query_class=judgement.query_class,
        relevant=len(grades),
        results=len(ranked),
        recall_at_10=found_top / min(K, len(grades)),
        recall=sum(1 for pk in ranked if pk in grades) / len(grades),
        ndcg_at_10=dcg([grades.get(pk, 0) for pk in top]) / ideal,
        mrr=1 / first if first else 0.0,
    )


def summary(scores: list[Score]) -> dict[str, float]:
    return {
        "queries": len(scores),
        "recall@10": statistics.fmean(s.recall_at_10 for s in scores),
        "recall": statistics.fmean(s.recall for s in scores),
        "ndcg@10": statistics.fmean(s.ndcg_at_10 for s in scores),
        "mrr": statistics.fmean(s.mrr for s in scores),
        "zero": sum(1 for s in scores if s.results == 0) / len(scores),
    }


def cell(label: str, size: int) -> str:
    return label + " " * max(1, size - width(label))


def print_summary(title: str, scores: list[Score]) -> None:
    by_class: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_class[s.query_class].append(s)
    print()
    print(title)
    header = (
        f"{cell('クラス', 12)}{'件数':>4} {'recall@10':>10} {'recall':>7} {'nDCG@10':>8} "
        f"{'MRR':>6} {'0件率':>6}"
    )
    print(header)
    print("-" * width(header))
    rows = [("全体", scores)] + sorted(by_class.items())
    for label, group in rows:
        m = summary(group)
        print(
            f"{cell(label, 12)}{m['queries']:>5} {m['recall@10']:10.3f} {m['recall']:7.3f} "
            f"{m['ndcg@10']:8.3f} {m['mrr']:6.3f} {m['zero'] * 100:5.1f}%"
        )
    overall = summary(scores)
    verdicts = [
        f"recall@10 {overall['recall@10']:.3f} {'✓' if overall['recall@10'] >= TARGETS['recall@10'] else '✗'} (≥ {TARGETS['recall@10']})",
        f"nDCG@10 {overall['ndcg@10']:.3f} {'✓' if overall['ndcg@10'] >= TARGETS['ndcg@10'] else '✗'} (≥ {TARGETS['ndcg@10']})",
        f"0件率 {overall['zero'] * 100:.1f}% {'✓' if overall['zero'] <= TARGETS['zero'] else '✗'} (≤ {TARGETS['zero'] * 100:.0f}%)",
    ]
    print("目標: " + " · ".join(verdicts))


def print_worst(scores: list[Score], count: int) -> None:
    worst = sorted(scores, key=lambda s: (s.ndcg_at_10, s.recall_at_10, s.recall))[:count]
    print()
    print(f"もっとも悪い {count} クエリ（nDCG@10 の低い順）")
    header = f"{cell('クエリ', 26)}{cell('クラス', 10)}{'nDCG@10':>8} {'recall@10':>10} {'recall':>7} {'結果':>5} {'正解':>5}"
    print(header)
    print("-" * width(header))
    for s in worst:
        print(
            f"{cell(s.query, 26)}{cell(s.query_class, 10)}{s.ndcg_at_10:8.3f} "
            f"{s.recall_at_10:10.3f} {s.recall:7.3f} {s.results:5d} {s.relevant:5d}"
        )


def run_backend(backend: str, judgements, judged, listed) -> tuple[list[Score], int, bool]:
    """Every judged query through ``search_resources`` with ``backend``; returns the scores,
    how many queries were skipped (nothing relevant in the data) and whether any search fell
    back to the database."""
    from django.conf import settings

    from directory.search.corrections import corrected_search

    settings.SEARCH_BACKEND = backend
    scores, skipped, fell_back = [], 0, False
    for judgement in judgements:
        grades = judgement.grades(judged)
        if not grades:
            skipped += 1
            continue
        results = corrected_search(listed, judgement.query)
        fell_back = fell_back or results.fell_back
        scores.append(score(judgement, results.ids(), grades))
    return scores, skipped, fell_back


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--synthetic", type=int, default=0, help="judge N synthetic listings instead of the demo"
    )
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()

    elasticsearch_url = os.environ.get("ELASTICSEARCH_URL", "")
    fresh_django("search_quality.sqlite3")
    from django.core.management import call_command

    from directory.models import Resource

    call_command("migrate", verbosity=0)
    if args.synthetic:
        call_command("generate_synthetic", listings=args.synthetic, verbosity=0)
        data = f"合成データ {args.synthetic:,} 件"
    else:
        call_command("load_demo_data", verbosity=0)
        data = "デモデータ"
    call_command("search_index", rebuild=True, database_only=True, verbosity=0)

    judgements = judged_set.load()
    listed = Resource.objects.listed()
    judged = judged_set.listings(listed)
    print(f"判定つきクエリ {len(judgements)} 件 × {data}（公開・掲載中 {len(judged)} 件）")

    backends = ["database"]
    if elasticsearch_url:
        from directory.search import elastic

        elastic.rebuild()
        backends.append("elasticsearch")
    else:
        print("ELASTICSEARCH_URL が未設定のため、Elasticsearch の計測は省きます。")

    for backend in backends:
        scores, skipped, fell_back = run_backend(backend, judgements, judged, listed)
        title = f"検索品質: {backend}（{data}）"
        if skipped:
            title += f"、正解のないクエリ {skipped} 件は対象外"
        if fell_back:
            title += "、※Elasticsearch が応答せずデータベースで回答したクエリあり"
        print_summary(title, scores)
        print_worst(scores, args.worst)
        suffix = "" if not args.synthetic else f"-synthetic{args.synthetic}"
        out = RESULTS / f"search_quality-{backend}{suffix}.json"
        out.write_text(
            json.dumps(
                {"summary": summary(scores), "queries": [asdict(s) for s in scores]},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
