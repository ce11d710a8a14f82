"""Products (an unowned module: module access is enough to see them all)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from crm_chassis import context
from crm_chassis.http import Blueprint, Page, Reply, if_match
from crm_sales.api.caller import field_access, run, sales
from crm_sales.api.schemas.catalog import ProductCreate, ProductListQuery, ProductOut, ProductPatch
from crm_sales.api.schemas.parts import list_params, record
from crm_sales.domain.catalog import Product
from crm_sales.domain.commands import CreateProduct, UpdateProduct
from crm_sales.service import queries as q
from crm_sales.service.access import PRODUCTS

bp = Blueprint("products")
BASE = "/api/sales/v1/products"


def _out(product: Product) -> dict[str, Any]:
    return record(product, ProductOut, field_access(PRODUCTS))


@bp.post(
    "/products",
    body=ProductCreate,
    response=ProductOut,
    status=201,
    permission=(PRODUCTS, "create"),
)
def create_product(body: ProductCreate) -> Reply:
    """Create a product."""
    product = run(CreateProduct(body.to_fields(), body.sent))
    return Reply(_out(product), location=f"{BASE}/{product.id}", etag=product.version)


@bp.get("/products/<product_id>", response=ProductOut, permission=(PRODUCTS, "view"))
def get_product(product_id: UUID) -> Reply:
    """Get a product."""
    product = sales().queries.get(q.PRODUCTS, context.principal(), product_id)
    return Reply(_out(product), etag=product.version)


@bp.get(
    "/products",
    query=ProductListQuery,
    response=Page[ProductOut],
    permission=(PRODUCTS, "view"),
)
def list_products(query: ProductListQuery) -> dict[str, Any]:
    """List products."""
    items, cursor = sales().queries.list(q.PRODUCTS, context.principal(), list_params(query))
    return {"items": [_out(x) for x in items], "next_cursor": cursor}


@bp.patch(
    "/products/<product_id>",
    body=ProductPatch,
    response=ProductOut,
    permission=(PRODUCTS, "edit"),
)
def patch_product(product_id: UUID, body: ProductPatch) -> Reply:
    """Change a product."""
    product = run(UpdateProduct(product_id, body.to_fields(), body.sent, if_match()))
    return Reply(_out(product), etag=product.version)
