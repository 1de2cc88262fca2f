"""The website annual report (政府网站工作年度报表, 国办函〔2018〕12号, issue 23), computed from the
platform for a site and year, reviewed and published by 31 January."""
