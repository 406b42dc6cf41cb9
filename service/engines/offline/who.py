"""The person the candidate talks to in an NV sheet, and the words that agree with them."""

from __future__ import annotations

from dataclasses import dataclass

from service.engines.offline.people import Gendered
from service.engines.offline.roles import Role, cap


@dataclass(frozen=True)
class Who(Gendered):
    """The person the candidate talks to, and the words that agree with them."""

    role: Role
    gender: str  # grammatical gender of the designation

    @property
    def cl(self) -> str:
        if self.role.couple:
            return "le couple"
        return "la cliente" if self.gender == "f" else "le client"

    @property
    def Cl(self) -> str:
        return cap(self.cl)

    @property
    def du(self) -> str:
        return "de la cliente" if self.cl == "la cliente" else "du " + self.cl.split()[-1]

    def g(self, masculine: str, feminine: str) -> str:
        return feminine if self.gender == "f" and not self.role.couple else masculine

    @property
    def le(self) -> str:
        return self.g("le", "la")

    @property
    def phrase(self) -> str:
        return self.role.phrase(self.gender)
