"""What an import reports: the counts, or every problem with its row number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def no_progress(stage: str, done: int, total: int) -> None:
    """The progress callback when the caller shows none."""


class ImportFileError(Exception):
    """The file cannot be read as a spreadsheet of listings (nothing was written)."""


@dataclass(frozen=True)
class RowError:
    line: int  # the spreadsheet's row number (the header is row 1)
    message: str
    header: str = ""

    def __str__(self) -> str:
        where = f"{self.line}行目" if self.line else "ファイル"
        return (
            f"{where}「{self.header}」: {self.message}"
            if self.header
            else f"{where}: {self.message}"
        )


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    published: int = 0
    unchanged: int = 0
    organizations_created: int = 0
    geocoded: int = 0
    not_geocoded: list[int] = field(default_factory=list)  # lines left without coordinates
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "取り込める行" if self.dry_run else "取り込み"
        text = (
            f"{verb}: {self.rows} 行（新規 {self.created} 件、更新 {self.updated} 件、"
            f"公開 {self.published} 件、変更なし {self.unchanged} 件）"
        )
        if self.organizations_created:
            text += f"、新しい団体 {self.organizations_created} 件"
        if self.geocoded or self.not_geocoded:
            text += f"。住所から位置を求めた行 {self.geocoded} 行"
            if self.not_geocoded:
                lines = "、".join(str(n) for n in self.not_geocoded[:20])
                more = " ほか" if len(self.not_geocoded) > 20 else ""
                text += f"、求められなかった行 {len(self.not_geocoded)} 行（{lines}行目{more}）"
        return text
