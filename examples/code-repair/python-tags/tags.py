"""Tag lists for blog posts."""


# EVOLVE-BLOCK-START
def add_tag(tag, tags=[]):
    """`tags` with `tag` appended unless it is already there, ignoring case; a new list when none is given."""
    if tag.lower() not in [existing.lower() for existing in tags]:
        tags.append(tag)
    return tags
# EVOLVE-BLOCK-END
