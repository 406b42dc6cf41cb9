"""The reports of a run: result.json and a self-contained report.html (inline CSS and SVG, no script)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from evals import charts, panel_report
from evals.html_parts import num as _num
from evals.html_parts import table as _table
from evals.html_parts import td as _td
from evals.scorers import LABELS, SCORES
from evals.teacher import MEASURES

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1200px;color:#1d2330;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;
vertical-align:top}th{background:#eef1f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#116b2e;font-weight:600}.ko{color:#a61b1b;font-weight:600}.warn{background:#fff3cd;padding:.5rem;
border:1px solid #e0c060}.charts{display:flex;flex-wrap:wrap;gap:1rem}.pair{display:grid;
grid-template-columns:1fr 1fr;gap:1rem;margin-bottom:2rem}.pair>div{border:1px solid #ccd;padding:.5rem;
overflow-wrap:anywhere}.pair dt{font-weight:600;margin-top:.3rem}.pair dd{margin:0 0 0 .5rem}
"""


def write(out: Path, result: dict[str, Any], fdaps: dict[str, dict[str, Any]]) -> tuple[Path, Path]:
    """Both reports into `out` (created); the HTML shows the worst proposals beside their FDAP."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / "result.json", out / "report.html"
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    html_path.write_text(render(result, fdaps), encoding="utf-8")
    return json_path, html_path


def render(result: dict[str, Any], fdaps: dict[str, dict[str, Any]]) -> str:
    parts = [
        _header(result),
        _summary(result),
        _teacher(result["summary"].get("teacher")),
        _comparison(result),
        panel_report.render(result.get("ratings")),
        _charts(result),
        _labelled(result["labelled"]),
        _llm(result.get("llm")),
        _judge(result.get("judge")),
        _per_case(result),
        _worst(result, fdaps),
    ]
    body = "\n".join(p for p in parts if p)
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>Évaluation fichesujet – {escape(result['engine'])}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _header(result: dict[str, Any]) -> str:
    s = result["settings"]
    return (
        f"<h1>Évaluation du moteur « {escape(result['engine'])} »</h1>"
        f"<p>{escape(result['started'])} · {s['cases']} FDAP × {s['variants']} variante(s) × {s['repeats']} "
        f"répétition(s) · simulation de {s['minutes']} min · durée {result['duration_s']:.1f} s</p>"
    )


def _summary(result: dict[str, Any]) -> str:
    s = result["summary"]
    rows = [["<td>Propositions demandées</td>", _td(s["proposals"])]]
    rows.append(["<td>Sans erreur des règles (critère bloquant)</td>", _td(s["hard_pass_rate"], pct=True)])
    rows.append(["<td>Non produites par le moteur</td>", _td(s["failures"])])
    rows += [[f"<td>{escape(LABELS[n])}</td>", _td(s["means"].get(n))] for n in SCORES]
    codes = ", ".join(f"{escape(k)} ({v})" for k, v in s["error_codes"].items()) or "aucune"
    return f"<h2>Synthèse</h2>{_table(['mesure', 'valeur'], rows)}<p>Erreurs des règles : {codes}</p>"


def _teacher(t: dict[str, Any] | None) -> str:
    if not t:
        return ""
    share = t["boilerplate"]
    over = share is not None and share > t["boilerplate_target"]
    rows = [
        ["<td>Faits de la FDAP repris (moyenne)</td>", _td(t["facts_carried"])],
        [
            "<td>« Informations à exploiter » sans chiffre de la FDAP qui en a</td>",
            _td(t["informations_without_figure"]),
        ],
        [
            f"<td>Phrases toutes faites (cible ≤ {t['boilerplate_target'] * 100:.0f} %)</td>",
            f'<td class="n {"ko" if over else "ok"}">{_num(share, pct=True)}</td>',
        ],
        ["<td>Fautes d'écriture par proposition</td>", _td(t["writing_faults"])],
        ["<td>Propositions avec au moins une faute</td>", _td(t["proposals_with_faults"])],
        [
            "<td>Marqueurs « [à préciser] » par proposition (brouillon honnête, pas une faute)</td>",
            _td(t["markers"]),
        ],
        ["<td>Propositions avec au moins un marqueur</td>", _td(t["proposals_with_markers"])],
    ]
    kinds = ", ".join(f"{escape(k)} ({v})" for k, v in t["fault_kinds"].items()) or "aucune"
    top = "".join(
        f"<li>« {escape(item['sentence'])} » – {item['fdaps']} FDAP</li>" for item in t["boilerplate_top"]
    )
    return (
        "<h2>Ce que voit l'enseignant</h2>"
        + _table(["mesure", "valeur"], rows)
        + f"<p>Fautes par nature : {kinds}</p>"
        + (f"<p>Phrases les plus répandues :</p><ol>{top}</ol>" if top else "")
    )


def _comparison(result: dict[str, Any]) -> str:
    comparison = result.get("comparison")
    if not comparison:
        return ""
    rows = [
        [
            f"<td>{escape(r['score'])}</td>",
            _td(r["baseline"]),
            _td(r["current"]),
            _td(r["delta"]),
            f'<td class="{"ko" if r["regression"] else "ok"}">{"régression" if r["regression"] else "ok"}</td>',
        ]
        for r in comparison["rows"]
    ]
    return (
        f"<h2>Comparaison à la référence</h2><p>Tolérance : {comparison['tolerance']:g} par score moyen ; "
        f"aucune baisse admise du taux sans erreur.</p>"
        + _table(["mesure", "référence", "ce passage", "écart", "verdict"], rows)
    )


def _charts(result: dict[str, Any]) -> str:
    values = {n: [o["scores"].get(n) for o in result["proposals"]] for n in SCORES}
    svgs = [charts.histogram(LABELS[n], [v for v in values[n] if v is not None]) for n in SCORES]
    return '<h2>Répartition des scores</h2><div class="charts">' + "".join(svgs) + "</div>"


def _labelled(measure: dict[str, Any]) -> str:
    rows = [
        [
            f"<td>{escape(code)}</td>",
            _td(p["attendus"]),
            _td(p["vp"]),
            _td(p["fp"]),
            _td(p["fn"]),
            _td(p["precision"], pct=True),
            _td(p["recall"], pct=True),
        ]
        for code, p in measure["per_code"].items()
    ]
    verdict = "ok" if measure["ok"] else "ko"
    refused = ", ".join(measure["good_refused"]) or "aucune"
    return (
        "<h2>Mesurer la mesure : les fiches étiquetées</h2>"
        f"<p>{measure['sheets']} fiches dont {measure['good']} bonnes. Rappel global "
        f'<span class="{verdict}">{_num(measure["recall"], pct=True)}</span> (seuil '
        f"{_num(measure['recall_floor'], pct=True)}), précision {_num(measure['precision'], pct=True)} ; "
        f"bonnes fiches refusées : {escape(refused)}.</p>"
        + _table(["code", "attendus", "VP", "FP", "FN", "précision", "rappel"], rows)
    )


def _llm(llm: dict[str, Any] | None) -> str:
    if not llm:
        return ""
    rows = [[f"<td>{escape(k)}</td>", _td(v)] for k, v in llm["figures"].items()]
    return "<h2>Modèle de langage</h2>" + _table(["mesure", "valeur"], rows)


def _judge(judge: dict[str, Any] | None) -> str:
    if not judge:
        return ""
    warning = f'<p class="warn">{escape(judge["warning"])}</p>' if judge.get("warning") else ""
    rows = [[f"<td>{escape(k)}</td>", _td(v)] for k, v in judge["figures"].items()]
    return f"<h2>Juge ({escape(judge['model'])})</h2>{warning}" + _table(["mesure", "valeur"], rows)


def _per_case(result: dict[str, Any]) -> str:
    by_case: dict[str, list[dict[str, Any]]] = {}
    for o in result["proposals"]:
        by_case.setdefault(o["case"], []).append(o)
    rows = []
    for case, items in by_case.items():
        passed = sum(o["hard_pass"] for o in items) / len(items)
        means = [_mean([o["scores"].get(n) for o in items]) for n in SCORES]
        means += [_mean([o.get("measures", {}).get(n) for o in items]) for n in MEASURES]
        rows.append([f"<td>{escape(case)}</td>", _td(passed, pct=True), *[_td(m) for m in means]])
    head = ["FDAP", "sans erreur", *[LABELS[n] for n in SCORES], *[m.label for m in MEASURES.values()]]
    return "<h2>Par FDAP</h2>" + _table(head, rows)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _worst(result: dict[str, Any], fdaps: dict[str, dict[str, Any]]) -> str:
    blocks = []
    for o in result["worst"]:
        title = f"{o['case']} – répétition {o['repeat'] + 1}, variante {o['variant']}"
        findings = ", ".join(o["errors"] + o["warnings"]) or "aucun constat"
        scores = " · ".join(f"{LABELS[n]} {_num(o['scores'].get(n))}" for n in SCORES)
        measures = o.get("measures", {})
        scores += "<br>" + " · ".join(
            f"{escape(m.label)} {_num(measures.get(n))}" for n, m in MEASURES.items()
        )
        faults = "".join(f"<li>{escape(f)}</li>" for f in measures.get("faults", []))
        blocks.append(
            f"<h3>{escape(title)}</h3><p>Constats : {escape(findings)}<br>{scores}</p>"
            + (f"<ul>{faults}</ul>" if faults else "")
            + f'<div class="pair"><div><h4>FDAP</h4>{_fdap(fdaps.get(o["case"], {}))}</div>'
            f"<div><h4>Proposition</h4>{_fiche(o)}</div></div>"
        )
    return "<h2>Les propositions les plus faibles</h2>" + "".join(blocks)


def _dl(items: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items) + "</dl>"


def _fdap(fdap: dict[str, Any]) -> str:
    cadre, analyse = fdap.get("cadre", {}), fdap.get("analyse", {})
    return _dl(
        [
            ("Titre", fdap.get("titre", "")),
            ("Organisation", cadre.get("organisation", "")),
            ("Offre commerciale", cadre.get("offre_commerciale", "")),
            ("Date(s)", analyse.get("dates", "")),
            ("Lieu", analyse.get("lieu", "")),
            ("Historique / problématique", analyse.get("historique_problematique", "")),
            ("Acteurs", analyse.get("acteurs", "")),
            ("Difficultés", fdap.get("deroulement", {}).get("difficultes", "")),
        ]
    )


def _fiche(outcome: dict[str, Any]) -> str:
    fiche = outcome.get("fiche")
    if not fiche:
        return f"<p class='ko'>Aucune proposition : {escape(outcome['failure'])}</p>"
    cand, jury = fiche["fiche_candidat"], fiche["fiche_jury"]
    rows = [(k, v) for k, v in cand.items() if isinstance(v, str)]
    rows += [("VOUS", cand["acteurs"]["vous"]), ("JURY", cand["acteurs"]["jury"])]
    rows += [("V-3 identité", jury["identite"]), ("V-3 motivations", jury["motivations"])]
    rows += [("V-3 freins", jury["freins"]), ("V-3 objections", " / ".join(jury["objections"]))]
    return _dl(rows)
