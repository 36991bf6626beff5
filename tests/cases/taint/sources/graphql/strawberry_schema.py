"""strawberry resolvers: their arguments are the client's; self and info are not."""

import os

import strawberry

REPORTS = "/srv/reports"


@strawberry.type
class Reports:
    @strawberry.field
    def report(self, info, name: str) -> str:
        with open(os.path.join(REPORTS, name)) as fh:  # expect: CWE-22
            return fh.read()

    @strawberry.field
    def latest(self, info) -> str:
        with open(os.path.join(REPORTS, self.latest_name)) as fh:
            return fh.read()
