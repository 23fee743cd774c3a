import sys
from mtqa.cli import main
sys.exit(main())
