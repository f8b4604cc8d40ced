"""The `sqla.schema` command (`workspace/executeCommand`): the workspace's schema as the JSON
`sqla schema` prints, the SVG the editors show, and Mermaid text; it follows unsaved edits."""
import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from conftest import open_doc, start


def plain(value):
    """pygls answers custom results as named tuples: back to dicts and lists."""
    if hasattr(value, "_asdict"):
        return {k: plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


async def schema(client):
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="sqla.schema"))
    return plain(result)


async def test_schema_command_answers_json_svg_and_mermaid(client, project):
    root = project("legacy_shop")
    result = await start(client, root)
    assert "sqla.schema" in result.capabilities.execute_command_provider.commands
    answer = await schema(client)
    models = answer["schema"]["models"]
    assert [m["name"] for m in models] == ["Address", "Customer", "Order", "OrderLine"]
    order = next(m for m in models if m["name"] == "Order")
    assert (order["module"], order["table"], order["file"]) == ("shop.models", "orders", "shop/models.py")
    customer = next(r for r in order["relationships"] if r["name"] == "customer")
    assert (customer["target"], customer["direction"], customer["collection"]) == ("Customer", "MANYTOONE", "scalar")
    assert answer["svg"].startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    assert answer["svg"].rstrip().endswith("</svg>")
    for model in ("Address", "Customer", "Order", "OrderLine"):
        assert f"<title>{model}</title>" in answer["svg"]
    assert answer["mermaid"].startswith("erDiagram\n")
    assert '    Customer ||--o{ Order : "orders"\n' in answer["mermaid"]


async def test_schema_command_follows_unsaved_edits(client, project):
    root = project("legacy_shop")
    await start(client, root)
    models = root / "shop" / "models.py"
    text = models.read_text().replace(
        '    city = Column(String(80))\n', '    city = Column(String(80))\n    zip_code = Column(String(10))\n'
    )
    open_doc(client, models, text)
    answer = await schema(client)
    address = next(m for m in answer["schema"]["models"] if m["name"] == "Address")
    assert [c["name"] for c in address["columns"]] == ["id", "customer_id", "city", "zip_code"]
    assert "zip_code" in answer["svg"]


async def test_unknown_command_is_refused(client, project):
    await start(client, project("clean"))
    with pytest.raises(JsonRpcInvalidParams, match="unknown command `sqla.nothing`"):
        await client.workspace_execute_command_async(types.ExecuteCommandParams(command="sqla.nothing"))
