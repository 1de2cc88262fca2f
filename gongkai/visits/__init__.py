"""Visit statistics counted on the server without third parties or personal data (访问统计, issue 23):
page views and unique visitors per day, site, column and item; a visitor is a salted daily hash."""
