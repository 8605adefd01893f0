"""Binary search in a sorted list."""


# EVOLVE-BLOCK-START
def search(items, target):
    """The index of `target` in the ascending list `items`, or -1 when it is not there."""
    lo, hi = 0, len(items)
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        if items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
# EVOLVE-BLOCK-END
