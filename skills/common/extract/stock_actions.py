"""Which stock movement a sentence describes: received, issued (taken out), moved between places, or counted.

English and Spanish verbs and phrases ("received", "took", "move … to", "recount"; "han llegado", "saca", "pasa …
a", "recuento"). A "from X to Y" phrase makes it a transfer whatever the verb.
"""

from __future__ import annotations

import re
from typing import Literal

from ._text import Lang, fold, words_pattern

StockAction = Literal["receive", "issue", "transfer", "count"]
ACTIONS: tuple[StockAction, ...] = ("receive", "issue", "transfer", "count")

ACTION_WORDS: dict[Lang, dict[StockAction, tuple[str, ...]]] = {
    "en": {
        "count": ("count", "counted", "recount", "stock take", "stocktake", "set the stock", "adjust", "adjusted",
                  "there are actually", "inventory adjustment", "stock count"),
        "transfer": ("move", "moved", "moving", "transfer", "transferred", "relocate", "relocated", "send", "sent",
                     "shift"),
        "receive": ("received", "receive", "recieved", "got", "arrived", "came in", "delivery", "delivered",
                    "restock", "restocked", "add", "added", "stock in", "return", "returned", "shipment", "log a"),
        "issue": ("issue", "issued", "took", "take", "taking", "taken", "give", "gave", "remove", "removed", "used",
                  "use up", "used up", "pull", "pulling", "book out", "write off", "check out", "stock out",
                  "decrease", "subtract", "hand out", "handed out", "went to"),
    },
    "es": {
        "count": ("recuento", "recontado", "contado", "cuenta", "pon el stock", "ajusta el stock", "ajuste",
                  "ajustar", "en realidad hay", "inventario fisico"),
        "transfer": ("mueve", "mover", "movido", "pasa", "pasar", "traslada", "trasladar", "trasladado", "envia",
                     "enviar", "reubica", "reubicar", "lleva"),
        "receive": ("recibido", "recibidos", "recibidas", "recibimos", "recibir", "resivimos", "ha llegado",
                    "han llegado", "llegaron", "llego", "llegado", "entrada", "anade", "anadir", "suma", "reponer",
                    "repon", "devuelvo", "devolver", "han entrado", "entran", "registra una entrada"),
        "issue": ("entrega", "entregar", "saca", "sacar", "saco", "he cogido", "cogido", "me llevo", "cojo",
                  "da de baja", "dar de baja", "resta", "quita", "quitar", "retiro", "retira", "salida", "gastado",
                  "usado", "asigna", "consumido"),
    },
}  # fmt: skip

_PATTERNS = {
    action: re.compile(
        rf"(?<![\w])(?:{words_pattern([w for lang in ACTION_WORDS.values() for w in lang[action]])})(?![\w])"
    )
    for action in ACTIONS
}
_P_FROM_TO = re.compile(r"(?<![\w])(?:from|de|del|desde)\s+\S.*?\s(?:to|into|a|al|hasta|hacia)\s+\S")


def extract_stock_action(text: str) -> StockAction | None:
    """``receive``, ``issue``, ``transfer`` or ``count`` for a stock sentence, or None when it names none.

    A count ("recount", "recuento") wins over everything; then a transfer verb or a "from X to Y" phrase; then the
    verb that comes first.
    """
    folded = fold(text)
    if _PATTERNS["count"].search(folded):
        return "count"
    transfer = _PATTERNS["transfer"].search(folded)
    if transfer is not None and (_P_FROM_TO.search(folded) or " to " in f" {folded} " or " a " in f" {folded} "):
        return "transfer"
    hits: list[tuple[int, StockAction]] = [
        (match.start(), action) for action in ("receive", "issue") if (match := _PATTERNS[action].search(folded))
    ]
    if hits:
        return min(hits)[1]
    if transfer is not None:
        return "transfer"
    return None
