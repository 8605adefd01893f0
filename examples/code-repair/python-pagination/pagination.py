"""Pagination for a listing page."""


# EVOLVE-BLOCK-START
def page_count(total_items, per_page):
    """How many pages it takes to show `total_items` items, `per_page` (at least 1) to a page.

    No items need no pages; a partly filled last page is a page.
    """
    return (total_items + per_page - 2) // per_page
# EVOLVE-BLOCK-END
