"""Fault tests: real `serve` processes, a private PostgreSQL server, kills and restarts."""

from tests.api.conftest import anyio_backend as anyio_backend
from tests.api.conftest import api_settings as api_settings
from tests.api.conftest import factory as factory
from tests.api.conftest import fiche_id as fiche_id
from tests.api.conftest import world as world
from tests.review.conftest import migrated_postgresql_url as migrated_postgresql_url
from tests.review.conftest import postgresql_url as postgresql_url
