"""Website and new-media self-inspection (网站与政务新媒体自查, issue 23): the national veto indicators
(spec §4.1–4.2) computed daily per site, availability probes, the office's manual findings, dashboards,
history and to-dos. Other apps add indicators in their ``inspection_sources.py`` (see ``indicators.py``)."""
