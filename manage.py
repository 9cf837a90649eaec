#!/usr/bin/env python3
"""Django's command-line utility, kept for habit; `careermanager` does the same."""

from careermanager.__main__ import main

if __name__ == "__main__":
    main()
