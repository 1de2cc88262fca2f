"""Archive-wide scans of published content (已发布信息巡查, issue 23): the office's lexicon and the current
leaders' titles, personal data, and links, over bodies and attachment text, through the task queue."""
