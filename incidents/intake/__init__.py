"""Live intake: outlets' feeds polled on a schedule, article pages fetched and read, republications linked.

feeds.py        what a feed lists (RSS/Atom items, or an HTML listing page's links), one bad item apart
fetching.py     HTTP done right: timeouts, size limit, capped redirects, conditional GET, politeness, decoding
pages.py        an article page through trafilatura, the feed item's own title and date as fallbacks
polling.py      poll a feed, fetch an item: leases, backoff, exactly once (the same code for Celery and cron)
republication.py  near-duplicates across outlets (MinHash bands in the database), copy → original
tasks.py        the Celery tasks and beat's dispatcher, thin wrappers over polling.py
models.py       Feed, FeedFetch, FeedItem, ArticleBand (imported by incidents.models)
admin.py        feeds in the admin: health, recent polls, the items and articles they brought
"""
