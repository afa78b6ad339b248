"""The fictional demo dataset (``load_demo_data``) and synthetic benchmark data (``generate_synthetic``).

Every demo listing ends its ``summary`` with 「※架空のデモデータです。」 and every demo organisation's
name ends with 「（架空）」; synthetic listings are named 「合成データ 00001 …」.
"""

from .builder import DEMO_MARK, LISTING_PREFIX, ORG_PREFIX, SEED, build_dataset

__all__ = ["DEMO_MARK", "LISTING_PREFIX", "ORG_PREFIX", "SEED", "build_dataset"]
