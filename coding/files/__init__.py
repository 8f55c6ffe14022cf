"""Reading what users bring, safely: the limits on an input file, Office zip packages checked before they
are unpacked, and YAML read without aliases or deep nesting.

Every importer and codebook reader goes through here. May import: `coding.store`.
"""
