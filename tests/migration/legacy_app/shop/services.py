"""Shop operations."""
from sqlalchemy import case, desc, func

from .models import Customer, Order, OrderLine, Product


class OutOfStock(Exception):
    pass


def get_customer(session, customer_id):
    return session.query(Customer).get(customer_id)


def get_product(session, sku):
    return session.query(Product).filter_by(sku=sku).one()


def place_order(session, customer_id, quantities):
    """quantities: {sku: quantity}. Returns the new order's id."""
    customer = session.query(Customer).get(customer_id)
    products = session.query(Product).filter(Product.sku.in_(list(quantities))).all()
    order = Order(status="new")
    for product in sorted(products, key=lambda p: p.sku):
        wanted = quantities[product.sku]
        if product.stock < wanted:
            raise OutOfStock(product.sku)
        product.stock -= wanted
        order.lines.append(OrderLine(product=product, quantity=wanted, unit_price=product.price))
    customer.orders.append(order)
    session.commit()
    return order.id


def ship(session, order_id):
    order = session.query(Order).get(order_id)
    order.status = "shipped"
    session.commit()


def order_total(session, order_id):
    return (
        session.query(func.sum(OrderLine.quantity * OrderLine.unit_price))
        .filter(OrderLine.order_id == order_id)
        .scalar()
    )


def order_summary(session, order_id):
    """[(product name, quantity)] for one order."""
    rows = (
        session.query(Product.name, OrderLine.quantity)
        .join(OrderLine, OrderLine.product_id == Product.id)
        .filter(OrderLine.order_id == order_id)
        .order_by(OrderLine.id)
        .all()
    )
    return [(row["name"], row["quantity"]) for row in rows]


def customer_order_count(customer):
    return customer.orders.count()


def open_order_ids(customer):
    return [o.id for o in customer.orders.filter(Order.status == "new").order_by(Order.id)]


def first_order(customer):
    return customer.orders.order_by(Order.id).first()


def best_customers(session):
    """[(name, number of orders)], most orders first."""
    rows = (
        session.query(Customer, func.count(Order.id).label("n"))
        .join(Order, Order.customer_id == Customer.id)
        .group_by(Customer.id)
        .order_by(desc("n"), Customer.name)
        .all()
    )
    return [(customer.name, n) for customer, n in rows]


def status_labels(session):
    label = case(
        [(Order.status == "new", "pending"), (Order.status == "shipped", "on its way")],
        else_="done",
    )
    return [(row.id, row.label) for row in session.query(Order.id, label.label("label")).order_by(Order.id)]


def low_stock(session, below=10):
    return [p.sku for p in session.query(Product).filter(Product.stock < below).order_by(Product.sku).all()]
