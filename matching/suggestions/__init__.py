"""Suggestions: the published listings that fit one client, ranked, each with a one-line reason.

Hard requirements filter in SQL (active, audience, language, accessibility, distance box, not
already open for this client; ``candidates``); preferences score in Python over lean named rows
(interests, distance, schedule fit from ``schedules``, 同行歓迎 / 初めての方歓迎 / 見学可,
remaining capacity; ``ranking``). Coordinators see every published listing, hidden ones included,
and the exact point even where the public map shows only the area; drafts never appear.

Distances: every candidate is ranked with a local ellipsoidal approximation (within metres of the
geodesic at ward scale, and about a hundred times faster); the listings shown are measured with
geopy's ``geodesic``, which gives the figure on the page and the final check against the client's
travel limit.
"""

from .ranking import Suggestion, suggestion_list

__all__ = ["Suggestion", "suggestion_list"]
