"""The panel's section of report.html: verdicts, how each score separates « à réécrire », agreement."""

from __future__ import annotations

from html import escape
from typing import Any

from evals.html_parts import num, table, td
from evals.ratings import CRITERIA, VERDICTS


def render(ratings: dict[str, Any] | None) -> str:
    if not ratings:
        return ""
    return "".join(
        [
            "<h2>Mesurer la mesure : le panel d'enseignants</h2>",
            _verdicts(ratings["verdicts"]),
            _separation(ratings["separation"]),
            _agreement(ratings["agreement"]),
            _quotes(ratings["items"]),
        ]
    )


def _verdicts(v: dict[str, Any]) -> str:
    rows = [[f"<td>{escape(VERDICTS[k])}</td>", td(n)] for k, n in v["counts"].items()]
    rows.append(["<td>Part « tel quel »</td>", td(v["share_tel_quel"], pct=True)])
    rows.append(["<td>Part « tel quel » ou « retouches légères »</td>", td(v["share_approvable"], pct=True)])
    rows.append(["<td>Verdicts sans phrase citée (hors « tel quel »)</td>", td(v["without_quote"])])
    criteria = [[f"<td>{escape(CRITERIA[c])}</td>", td(m)] for c, m in v["criteria"].items()]
    raters = ", ".join(v["raters"])
    return (
        f"<p>{v['ratings']} notation(s) de {v['proposals']} proposition(s) par {len(v['raters'])} "
        f"lecteur(s) : {escape(raters)}.</p>"
        + table(["verdict", "nombre"], rows)
        + "<p>Notes moyennes (1 à 5) :</p>"
        + table(["critère", "moyenne"], criteria)
    )


def _separation(rows: list[dict[str, Any]]) -> str:
    body = []
    for r in sorted(rows, key=lambda r: -(r["auc"] if r["auc"] is not None else -1)):
        way = "plus haut = mieux" if r["direction"] > 0 else "plus bas = mieux"
        body.append(
            [
                f"<td>{escape(r['label'])}</td>",
                f"<td>{way}</td>",
                td(r["mean_bad"]),
                td(r["mean_rest"]),
                td(r["auc"]),
                td(f"{r['n_bad']} / {r['n_rest']}"),
            ]
        )
    return (
        "<h3>Séparation de « à réécrire » et du reste</h3><p>AUC : probabilité qu'une proposition "
        "« à réécrire » paraisse pire sur ce score qu'une autre (0,5 : le hasard ; 1 : séparation parfaite).</p>"
        + table(["score", "sens", "moyenne « à réécrire »", "moyenne du reste", "AUC", "effectifs"], body)
    )


def _agreement(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<h3>Accord entre lecteurs</h3><p>Aucune proposition lue par deux lecteurs.</p>"
    body = [
        [
            f"<td>{escape(' / '.join(r['raters']))}</td>",
            td(r["shared"]),
            td(r["agreement"], pct=True),
            td(r["kappa"]),
            td(r["kappa_a_reecrire"]),
        ]
        for r in rows
    ]
    head = ["lecteurs", "propositions communes", "même verdict", "kappa de Cohen", "kappa « à réécrire »"]
    return "<h3>Accord entre lecteurs</h3>" + table(head, body)


def _quotes(items: list[dict[str, Any]]) -> str:
    quoted = [i for i in items if i["verdict"] == "a_reecrire" and i["citations"]]
    if not quoted:
        return ""
    lines = "".join(
        f"<li>{escape(i['case'])}, variante {i['variant']} ({escape(i['rater'])}) : "
        + " ; ".join(f"« {escape(c)} »" for c in i["citations"])
        + "</li>"
        for i in quoted
    )
    return f"<h3>Phrases citées dans les propositions « à réécrire »</h3><ul>{lines}</ul><p>{num(len(quoted))} au total.</p>"
