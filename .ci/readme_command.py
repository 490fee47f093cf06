"""Print the N-th fenced code block of the "Quick start" section of a README."""

import re
import sys

#: A fenced block: ```bash\n<body>```
FENCE_RE = re.compile(r"```[a-z]*\n(.*?)```", re.S)


def main() -> None:
    path, index = sys.argv[1], int(sys.argv[2])
    text = open(path, encoding="utf-8").read()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = FENCE_RE.findall(section)
    print(blocks[index - 1].strip())


if __name__ == "__main__":
    main()
