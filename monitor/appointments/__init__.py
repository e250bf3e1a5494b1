"""Registry changes proposed by appointment and dismissal news.

detect: sentences such as «назначен акимом …», «освобождён от должности акима …»,
«әкімі болып тағайындалды» as proposals with the article as evidence;
queue: the proposals in the store until a person accepts or rejects them;
apply: an accepted proposal as rows of the user's local registry file.
"""

from monitor.appointments.detect import ChangeFinder
from monitor.appointments.model import Proposal

__all__ = ["ChangeFinder", "Proposal"]
