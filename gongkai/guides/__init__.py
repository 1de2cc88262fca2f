"""办事指南 (service guides, issue 23): the services a unit offers with the 8 key elements the website
inspection checks (spec §4.1 `VETO_SERVICE`), public at /services/."""
