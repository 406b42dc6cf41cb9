"""The offline engine: proposals of fiches sujets from the FDAP alone, no network, no key.

Cut by reason to change: `facts`, `factsheet`, `factlists`, `offer`, `unnamed`, `firms` and `extract` read
the FDAP once; `lived` says what step the student lived; `levers` plans each variant from the `catalogue`,
within the `calendar` (holidays, fixed periods, deadlines); `nv_scene`, `nv_story`, `nv`, `nv_profile`,
`nv_jury` and `ec`, `ec_dates`, `ec_rows`, `ec_partner`, `ec_jury` write the two sheets; `people`, `roles`
and `who` make the character, `nv_lived` gives it the FDAP's own difficulties; `french`, `accents`,
`offer_words` and `restate` word it, `candidate` keeps the student's real status (stagiaire, alternant·e)
and colleagues, `feelings` keeps the student's own off the sheet; `justify` says why each change; `guard`
and `grounding` keep secrets and anchors; `refine` rewrites on a teacher's request.
"""

from service.engines.offline.engine import MAX_VARIANTS, OfflineEngine

__all__ = ["MAX_VARIANTS", "OfflineEngine"]
