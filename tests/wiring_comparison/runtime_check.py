"""What SQLAlchemy itself says of one corpus case: import its modules, configure the mappers and
create the tables in an in-memory SQLite database. Prints `ok`, or the exception's class name
(`warn:` and the warning's class when only a warning was raised)."""

import importlib
import pathlib
import sys
import warnings


def main(case: str) -> None:
    folder = pathlib.Path(case).resolve()
    sys.path.insert(0, str(folder))
    warnings.simplefilter("error")
    try:
        modules = [importlib.import_module(p.stem) for p in sorted(folder.glob("*.py"))]
        from sqlalchemy import create_engine
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
        engine = create_engine("sqlite://")
        for module in modules:
            base = getattr(module, "Base", None)
            if base is not None:
                base.metadata.create_all(engine)
    except Warning as warning:
        print(f"warn:{type(warning).__name__}")
        return
    except Exception as error:  # noqa: BLE001 - any failure is the answer
        print(type(error).__name__)
        return
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
