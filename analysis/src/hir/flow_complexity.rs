//! How complex a function's code flow is, as pyright's binder counts it: every join of two or
//! more paths adds the paths past the first, every flow node a fortieth. pyright infers a
//! return type from a call's arguments only for a function below 8, and infers none for a
//! function of several unannotated parameters at 32 or more, so type checkers' answers depend on
//! it. The walk mirrors the binder's labels and nodes; only their counts are kept.

use tree_sitter::Node;

use crate::syntax::Parsed;
use crate::syntax::node_ext::{field, named_children, unparenthesize};

/// One flow node; a join of `n` paths adds `n - 1` of [`JOIN`].
const NODE: u32 = 1;
const JOIN: u32 = 40;

/// pyright infers a call's return from its arguments below this complexity.
pub const CALL_SITE_LIMIT: u32 = 8 * JOIN;
/// pyright infers no return type at all, at this complexity or more, for a function of more than
/// one parameter none of which is annotated.
pub const INFERENCE_LIMIT: u32 = 32 * JOIN;

/// Where a function's complexity stands against pyright's limits: what inference asks (the count
/// changes with nearly every edit of the body, the class seldom).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FlowClass {
    /// Below 8: calls infer the return from their arguments.
    #[default]
    Simple,
    /// Below 32.
    Moderate,
    /// 32 or more: no return is inferred for several unannotated parameters.
    Complex,
}

impl FlowClass {
    pub fn of(parsed: &Parsed, def: Node<'_>) -> FlowClass {
        // The walk recurses over the syntax: past this depth the function is taken as complex
        // (pyright itself gives up on such code) instead of risking the stack.
        if deeper_than(def, MAX_DEPTH) {
            return FlowClass::Complex;
        }
        match flow_complexity(parsed, def) {
            units if units < CALL_SITE_LIMIT => FlowClass::Simple,
            units if units < INFERENCE_LIMIT => FlowClass::Moderate,
            _ => FlowClass::Complex,
        }
    }
}

const MAX_DEPTH: usize = 200;

/// Whether any node under `root` lies more than `limit` levels below it (an iterative walk).
fn deeper_than(root: Node<'_>, limit: usize) -> bool {
    let mut cursor = root.walk();
    let mut depth = 0;
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            if depth > limit {
                return true;
            }
            continue;
        }
        loop {
            if depth == 0 {
                return false;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// The complexity of a `function_definition`'s body, in fortieths (its depth bounded by the caller).
pub fn flow_complexity(parsed: &Parsed, def: Node<'_>) -> u32 {
    let mut binder =
        Binder { parsed, units: 0, next_id: 0, current: None, except_targets: Vec::new(), loops: Vec::new() };
    binder.current = Some(binder.fresh());
    binder.units = 0;
    let params = field(def, "parameters").map(named_children).unwrap_or_default();
    for _ in params.iter().filter(|p| !matches!(p.kind(), "keyword_separator" | "positional_separator")) {
        binder.assign_node(false);
    }
    let returns = binder.label();
    let mut return_target = Label::branch(returns);
    if let Some(body) = field(def, "body") {
        binder.block(body, &mut Some(&mut return_target));
    }
    binder.add(&mut return_target);
    binder.finish(return_target);
    binder.units
}

type Id = u32;

/// The one node of code a static condition rules out (`x or None` as a value reaches it).
const STATIC_UNREACHABLE: Id = Id::MAX;

/// A join point and the nodes that reach it.
struct Label {
    id: Id,
    antecedents: Vec<Id>,
    /// A branch label reached once is that one node; a loop or context-manager label stays.
    branch: bool,
}

impl Label {
    fn branch(id: Id) -> Label {
        Label { id, antecedents: Vec::new(), branch: true }
    }
}

/// Where a condition's outcomes go: a label each, or one for both.
enum Outcomes<'l> {
    Split(&'l mut Label, &'l mut Label),
    Joined(&'l mut Label),
}

impl Outcomes<'_> {
    fn label(&mut self, outcome: bool) -> &mut Label {
        match self {
            Outcomes::Split(on_true, _) if outcome => on_true,
            Outcomes::Split(_, on_false) => on_false,
            Outcomes::Joined(label) => label,
        }
    }

    /// `not`: true paths reach the false label.
    fn swapped(self) -> Self {
        match self {
            Outcomes::Split(on_true, on_false) => Outcomes::Split(on_false, on_true),
            joined => joined,
        }
    }
}

struct Binder<'p> {
    parsed: &'p Parsed,
    units: u32,
    next_id: Id,
    /// The node control is at; `None` where it cannot be (after `return`).
    current: Option<Id>,
    /// Each enclosing `try`'s except labels (as lists of antecedents), innermost last; only the
    /// innermost takes what may raise.
    except_targets: Vec<Vec<Vec<Id>>>,
    /// The `break`s of each enclosing loop, innermost last (`continue` reaches a label never
    /// joined).
    loops: Vec<Vec<Id>>,
}

/// Where `return` goes: the function's label.
type Returns<'a, 'l> = &'a mut Option<&'l mut Label>;

impl Binder<'_> {
    fn fresh(&mut self) -> Id {
        self.units += NODE;
        self.next_id += 1;
        self.next_id
    }

    fn label(&mut self) -> Id {
        self.fresh()
    }

    /// A new node after the current one (an assignment, a call), where control is.
    fn node(&mut self) -> Option<Id> {
        self.current?;
        let id = self.fresh();
        self.current = Some(id);
        Some(id)
    }

    /// Adds the current node to a label, once; nothing where control cannot be.
    fn add(&mut self, label: &mut Label) {
        if let Some(id) = self.current {
            push_once(&mut label.antecedents, id);
        }
    }

    fn add_node(&self, antecedents: &mut Vec<Id>, node: Id) {
        if self.current.is_some() {
            push_once(antecedents, node);
        }
    }

    /// What may raise here reaches the innermost `try`'s except clauses.
    fn raise_from(&mut self, node: Option<Id>) {
        let (Some(node), true) = (node, self.current.is_some()) else { return };
        if let Some(targets) = self.except_targets.last_mut() {
            for target in targets {
                push_once(target, node);
            }
        }
    }

    fn finish(&mut self, label: Label) {
        self.current = match label.antecedents.as_slice() {
            [] => None,
            [only] if label.branch => Some(*only).filter(|id| *id != STATIC_UNREACHABLE),
            many => {
                self.units += (many.len() as u32 - 1) * JOIN;
                Some(label.id)
            }
        };
    }

    fn assign_node(&mut self, member: bool) {
        let node = self.node();
        if member {
            self.raise_from(node);
        }
    }

    fn text(&self, node: Node<'_>) -> &str {
        self.parsed.node_text(node)
    }

    fn block(&mut self, block: Node<'_>, returns: Returns<'_, '_>) {
        for statement in named_children(block) {
            self.statement(statement, returns);
        }
    }

    fn statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        match node.kind() {
            "expression_statement" => {
                for child in named_children(node) {
                    match child.kind() {
                        "assignment" | "augmented_assignment" => self.assignment(child),
                        _ => self.expr(child),
                    }
                }
            }
            "return_statement" => {
                for child in named_children(node) {
                    self.expr(child);
                }
                if let Some(target) = returns.as_deref_mut() {
                    self.add(target);
                }
                self.current = None;
            }
            "raise_statement" => {
                self.raise_from(self.current);
                for child in named_children(node) {
                    self.expr(child);
                }
                self.current = None;
            }
            "break_statement" | "continue_statement" => {
                if let (Some(breaks), Some(id), "break_statement") = (self.loops.last_mut(), self.current, node.kind())
                {
                    push_once(breaks, id);
                }
                self.current = None;
            }
            "if_statement" => self.if_statement(node, &named_children(node), returns),
            "while_statement" => self.while_statement(node, returns),
            "for_statement" => self.for_statement(node, returns),
            "try_statement" => self.try_statement(node, returns),
            "with_statement" => self.with_statement(node, returns),
            "assert_statement" => {
                let parts = named_children(node);
                let (true_label, false_label) = (self.label(), self.label());
                let (mut on_true, mut on_false) = (Label::branch(true_label), Label::branch(false_label));
                if let Some(test) = parts.first() {
                    self.condition(*test, Outcomes::Split(&mut on_true, &mut on_false));
                }
                if let Some(message) = parts.get(1) {
                    self.finish(on_false);
                    self.expr(*message);
                }
                self.finish(on_true);
            }
            "delete_statement" => {
                for target in named_children(node) {
                    self.target(target);
                }
            }
            "import_statement" | "import_from_statement" => {
                let bound =
                    named_children(node).len().saturating_sub(usize::from(node.kind() == "import_from_statement"));
                for _ in 0..bound.max(1) {
                    self.assign_node(false);
                }
            }
            "function_definition" => self.definition(node),
            "class_definition" => {
                if let Some(body) = field(node, "body") {
                    self.block(body, &mut None);
                }
                self.assign_node(false);
            }
            "decorated_definition" => {
                for child in named_children(node) {
                    match child.kind() {
                        // Calls in decorators make no flow nodes.
                        "decorator" => {}
                        _ => self.statement(child, returns),
                    }
                }
            }
            "match_statement" => self.match_statement(node, returns),
            "block" => self.block(node, returns),
            _ => {}
        }
    }

    /// A nested function: a node of its own, its defaults here, its name bound; its body is its own.
    fn definition(&mut self, node: Node<'_>) {
        self.node();
        if let Some(params) = field(node, "parameters") {
            for param in named_children(params) {
                if let Some(default) = field(param, "value") {
                    self.expr(default);
                }
            }
        }
        self.assign_node(false);
    }

    fn assignment(&mut self, node: Node<'_>) {
        if let Some(right) = field(node, "right") {
            match right.kind() {
                "assignment" | "augmented_assignment" => self.assignment(right),
                _ => self.expr(right),
            }
        }
        if field(node, "type").is_some() {
            self.node();
        }
        if let Some(left) = field(node, "left") {
            self.target(left);
        }
    }

    /// The flow nodes of assignment targets: a reference pyright tracks gets one, others are
    /// walked as expressions.
    fn target(&mut self, node: Node<'_>) {
        let node = unparenthesize(node);
        match node.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "expression_list" => {
                for item in named_children(node) {
                    self.target(item);
                }
            }
            "list_splat_pattern" | "list_splat" => {
                for item in named_children(node) {
                    self.target(item);
                }
            }
            "attribute" | "subscript" => {
                self.walk_reference_parts(node);
                if self.is_reference(node) {
                    self.assign_node(node.kind() == "attribute");
                }
            }
            "identifier" => self.assign_node(false),
            _ => self.expr(node),
        }
    }

    fn walk_reference_parts(&mut self, node: Node<'_>) {
        for child in named_children(node) {
            if child.kind() != "identifier" {
                self.expr(child);
            }
        }
    }

    /// A name, member access or literal subscript pyright narrows (`a.b`, `a["k"]`, `a[0]`).
    fn is_reference(&self, node: Node<'_>) -> bool {
        let node = unparenthesize(node);
        match node.kind() {
            "identifier" | "named_expression" => true,
            "attribute" => field(node, "object").is_some_and(|object| self.is_reference(object)),
            "subscript" => {
                let subscripts: Vec<Node<'_>> = {
                    let mut cursor = node.walk();
                    node.children_by_field_name("subscript", &mut cursor).collect()
                };
                let literal = match subscripts.as_slice() {
                    [only] => match only.kind() {
                        "integer" => true,
                        "string" => named_children(*only).iter().all(|part| part.kind() != "interpolation"),
                        "unary_operator" => named_children(*only).first().is_some_and(|n| n.kind() == "integer"),
                        _ => false,
                    },
                    _ => false,
                };
                literal && field(node, "value").is_some_and(|value| self.is_reference(value))
            }
            _ => false,
        }
    }

    /// Whether a condition narrows (pyright's `_isNarrowingExpression`); `never` for the
    /// narrower test an `if` without `else` adds.
    fn narrows(&self, node: Node<'_>, complex: bool, never: bool) -> bool {
        let node = unparenthesize(node);
        match node.kind() {
            "identifier" => !never || complex,
            "attribute" | "subscript" => !never && self.is_reference(node),
            "named_expression" => true,
            "not_operator" => field(node, "argument").is_some_and(|inner| self.narrows(inner, false, never)),
            "comparison_operator" => self.comparison_narrows(node, never),
            "call" => {
                let callee = field(node, "function").map(|f| self.text(f)).unwrap_or("");
                let args: Vec<Node<'_>> = field(node, "arguments").map(named_children).unwrap_or_default();
                let first_positional = args
                    .first()
                    .filter(|a| !matches!(a.kind(), "keyword_argument" | "list_splat" | "dictionary_splat"));
                let guard = matches!((callee, args.len()), ("isinstance" | "issubclass", 2) | ("callable", 1));
                match first_positional {
                    Some(first) if guard => self.narrows(*first, true, never),
                    Some(first) if !never => self.narrows(*first, true, never),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    fn comparison_narrows(&self, node: Node<'_>, never: bool) -> bool {
        let operands = named_children(node);
        let operators: Vec<String> = {
            let mut cursor = node.walk();
            node.children_by_field_name("operators", &mut cursor)
                .map(|o| self.text(o).split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        };
        let ([left, right], [operator]) = (operands.as_slice(), operators.as_slice()) else { return false };
        let right = unparenthesize(*right);
        let left_narrows = || self.narrows(*left, true, never);
        match operator.as_str() {
            "is" | "is not" | "==" | "!=" => {
                if right.kind() == "none" {
                    return left_narrows();
                }
                let is = matches!(operator.as_str(), "is" | "is not");
                let left = unparenthesize(*left);
                if is && left.kind() == "call" && field(left, "function").is_some_and(|f| self.text(f) == "type") {
                    let args = field(left, "arguments").map(named_children).unwrap_or_default();
                    if let [only] = args.as_slice() {
                        return self.narrows(*only, true, never);
                    }
                }
                left_narrows()
            }
            "<" | "<=" | ">" | ">=" if right.kind() == "integer" => left_narrows(),
            "in" | "not in" => {
                let right_narrows = self.narrows(right, true, never);
                if unparenthesize(*left).kind() == "string" && right_narrows {
                    return true;
                }
                left_narrows() || right_narrows
            }
            _ => false,
        }
    }

    /// Binds a condition: its true paths reach one label, its false paths the other (or both
    /// the same one).
    fn condition(&mut self, node: Node<'_>, mut outcomes: Outcomes<'_>) {
        let node = unparenthesize(node);
        match node.kind() {
            "not_operator" => {
                if let Some(inner) = field(node, "argument") {
                    self.condition(inner, outcomes.swapped());
                }
            }
            "boolean_operator" => self.boolean(node, outcomes),
            _ => {
                self.expr(node);
                let leaf = self.condition_leaf(node);
                for side in [true, false] {
                    if let Some(id) = self.reached(leaf, side) {
                        self.add_node(&mut outcomes.label(side).antecedents, id);
                    }
                }
            }
        }
    }

    /// What a condition that is no `not`, `and` or `or` is: statically true or false, narrowing.
    fn condition_leaf(&self, node: Node<'_>) -> (Option<bool>, bool) {
        (self.static_truth(node), self.narrows(node, false, false))
    }

    /// The node one side of a condition reaches: the statically ruled-out one, a new narrowing
    /// node, or the current node.
    fn reached(&mut self, (truth, narrows): (Option<bool>, bool), side: bool) -> Option<Id> {
        self.current?;
        if truth == Some(!side) {
            Some(STATIC_UNREACHABLE)
        } else if narrows {
            self.conditional_node()
        } else {
            self.current
        }
    }

    /// A condition's value where it is known without running (pyright's static conditions):
    /// constants, empty or non-empty displays, `TYPE_CHECKING`, `not` and `and`/`or` of those.
    fn static_truth(&self, node: Node<'_>) -> Option<bool> {
        let node = unparenthesize(node);
        match node.kind() {
            "named_expression" => field(node, "value").and_then(|v| self.static_truth(v)),
            "not_operator" => field(node, "argument").and_then(|v| self.static_truth(v)).map(|v| !v),
            "boolean_operator" => {
                let left = field(node, "left").and_then(|v| self.static_truth(v))?;
                let right = field(node, "right").and_then(|v| self.static_truth(v))?;
                Some(if field(node, "operator").is_some_and(|o| self.text(o) == "and") {
                    left && right
                } else {
                    left || right
                })
            }
            "true" | "ellipsis" => Some(true),
            "false" | "none" => Some(false),
            "identifier" => (self.text(node) == "TYPE_CHECKING").then_some(true),
            "attribute" => field(node, "attribute").is_some_and(|a| self.text(a) == "TYPE_CHECKING").then_some(true),
            "integer" => crate::types::literal::parse_int(self.text(node)).map(|value| value != 0),
            "float" => {
                let text = self.text(node).replace('_', "");
                text.trim_end_matches(['j', 'J']).parse::<f64>().ok().map(|value| value != 0.0)
            }
            "string" | "concatenated_string" => {
                let text = self.text(node);
                let interpolated = text.chars().take_while(|c| c.is_ascii_alphabetic()).any(|c| matches!(c, 'f' | 'F'));
                (!interpolated).then(|| {
                    crate::syntax::node_ext::string_value(node, self.parsed.text()).is_none_or(|v| !v.is_empty())
                })
            }
            "list" | "set" | "tuple" => {
                let items = named_children(node);
                if items.is_empty() {
                    Some(false)
                } else {
                    items.iter().any(|i| !matches!(i.kind(), "list_splat" | "parenthesized_list_splat")).then_some(true)
                }
            }
            "dictionary" => {
                let items = named_children(node);
                if items.is_empty() { Some(false) } else { items.iter().any(|i| i.kind() == "pair").then_some(true) }
            }
            _ => None,
        }
    }

    /// A node for a narrowing condition, after the current one (which stays current).
    fn conditional_node(&mut self) -> Option<Id> {
        self.current?;
        let id = self.fresh();
        self.raise_from(Some(id));
        Some(id)
    }

    /// `and` / `or`: the left operand's outcome that does not decide goes on to the right one.
    fn boolean(&mut self, node: Node<'_>, mut outcomes: Outcomes<'_>) {
        let and = field(node, "operator").is_some_and(|o| self.text(o) == "and");
        let middle = self.label();
        let mut middle = Label::branch(middle);
        if let Some(left) = field(node, "left") {
            let left_outcomes = if and {
                Outcomes::Split(&mut middle, outcomes.label(false))
            } else {
                Outcomes::Split(outcomes.label(true), &mut middle)
            };
            self.condition(left, left_outcomes);
        }
        self.finish(middle);
        if let Some(right) = field(node, "right") {
            self.condition(right, outcomes);
        }
    }

    fn expr(&mut self, node: Node<'_>) {
        match node.kind() {
            "call" => {
                for child in named_children(node) {
                    self.expr(child);
                }
                let before = self.current;
                self.raise_from(before);
                self.node();
            }
            "boolean_operator" => {
                // As a value both outcomes join one label.
                let joined = self.label();
                let mut joined = Label::branch(joined);
                self.condition(node, Outcomes::Joined(&mut joined));
                self.finish(joined);
            }
            "not_operator" => {
                for child in named_children(node) {
                    self.expr(child);
                }
            }
            "conditional_expression" => {
                let parts = named_children(node);
                let (then_id, else_id, after_id) = (self.label(), self.label(), self.label());
                let (mut then_label, mut else_label, mut after) =
                    (Label::branch(then_id), Label::branch(else_id), Label::branch(after_id));
                if let [body, test, alternative] = parts.as_slice() {
                    self.condition(*test, Outcomes::Split(&mut then_label, &mut else_label));
                    self.finish(then_label);
                    self.expr(*body);
                    self.add(&mut after);
                    self.finish(else_label);
                    self.expr(*alternative);
                    self.add(&mut after);
                    self.finish(after);
                }
            }
            "named_expression" => {
                if let Some(value) = field(node, "value") {
                    self.expr(value);
                }
                self.assign_node(false);
            }
            "lambda" => {
                self.node();
                if let Some(params) = field(node, "parameters") {
                    for param in named_children(params) {
                        if let Some(default) = field(param, "value") {
                            self.expr(default);
                        }
                    }
                }
            }
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                self.comprehension(node)
            }
            _ => {
                for child in named_children(node) {
                    self.expr(child);
                }
            }
        }
    }

    fn comprehension(&mut self, node: Node<'_>) {
        let parts = named_children(node);
        let clauses: Vec<Node<'_>> =
            parts.iter().copied().filter(|p| matches!(p.kind(), "for_in_clause" | "if_clause")).collect();
        // The first iterable is evaluated outside.
        if let Some(first) = clauses.first().and_then(|c| field(*c, "right")) {
            self.expr(first);
        }
        let end = self.label();
        let mut end = Label::branch(end);
        for (i, clause) in clauses.iter().enumerate() {
            if clause.kind() == "for_in_clause" {
                if i > 0
                    && let Some(iterable) = field(*clause, "right")
                {
                    self.expr(iterable);
                }
                if let Some(target) = field(*clause, "left") {
                    self.target(target);
                }
            } else if let Some(test) = named_children(*clause).first() {
                let passed = self.label();
                let mut passed = Label::branch(passed);
                self.condition(*test, Outcomes::Split(&mut passed, &mut end));
                self.finish(passed);
            }
        }
        for part in parts.iter().filter(|p| !matches!(p.kind(), "for_in_clause" | "if_clause")) {
            self.expr(*part);
        }
        self.add(&mut end);
        self.finish(end);
    }

    fn if_statement(&mut self, node: Node<'_>, clauses: &[Node<'_>], returns: Returns<'_, '_>) {
        let (then_id, else_id, after_id) = (self.label(), self.label(), self.label());
        let (mut then_label, mut else_label, mut after) =
            (Label::branch(then_id), Label::branch(else_id), Label::branch(after_id));
        let test = field(node, "condition");
        let truth = test.and_then(|t| self.static_truth(t));
        if let Some(test) = test {
            self.condition(test, Outcomes::Split(&mut then_label, &mut else_label));
        }
        self.finish_unless(then_label, truth == Some(false));
        if let Some(body) = field(node, "consequence").or_else(|| field(node, "body")) {
            self.block(body, returns);
        }
        self.add(&mut after);
        self.finish_unless(else_label, truth == Some(true));
        // `elif` is an `if` in the `else`.
        let rest: Vec<Node<'_>> =
            clauses.iter().copied().filter(|c| matches!(c.kind(), "elif_clause" | "else_clause")).collect();
        match rest.split_first() {
            Some((first, more)) if first.kind() == "elif_clause" => self.if_statement(*first, more, returns),
            Some((first, _)) => {
                if let Some(body) = field(*first, "body") {
                    self.block(body, returns);
                }
            }
            None => {
                if let Some(test) = test {
                    self.never_condition(test, &mut after, false);
                }
            }
        }
        self.add(&mut after);
        self.finish(after);
    }

    /// A label finished, or control ruled out by a static condition.
    fn finish_unless(&mut self, label: Label, ruled_out: bool) {
        if ruled_out {
            self.current = None;
        } else {
            self.finish(label);
        }
    }

    /// The `if` without `else`: where its test compares a name, the false side narrows that name
    /// to `Never` through a node of its own (pyright's `_bindNeverCondition`).
    fn never_condition(&mut self, test: Node<'_>, target: &mut Label, positive: bool) {
        let test = unparenthesize(test);
        match test.kind() {
            "not_operator" => {
                if let Some(inner) = field(test, "argument") {
                    self.never_condition(inner, target, !positive);
                }
            }
            "boolean_operator" => {
                let (Some(left), Some(right)) = (field(test, "left"), field(test, "right")) else { return };
                let and = field(test, "operator").is_some_and(|o| self.text(o) == "and") != positive;
                let start = self.current;
                if and {
                    self.never_condition(left, target, positive);
                    self.current = start;
                    self.never_condition(right, target, positive);
                } else {
                    let label = self.label();
                    let mut label = Label::branch(label);
                    self.never_condition(left, &mut label, positive);
                    if start != self.current {
                        self.finish(label);
                        let middle = self.current;
                        self.never_condition(right, target, positive);
                        if middle == self.current {
                            self.current = start;
                        }
                    }
                }
            }
            _ => {
                if self.narrows(test, false, true) {
                    let node = self.node();
                    self.raise_from(node);
                }
                self.add(target);
            }
        }
    }

    fn while_statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        let (then_id, else_id, after_id, loop_id) = (self.label(), self.label(), self.label(), self.label());
        let (mut then_label, mut else_label) = (Label::branch(then_id), Label::branch(else_id));
        self.current = self.current.map(|_| loop_id);
        let truth = field(node, "condition").and_then(|c| self.static_truth(c));
        if let Some(test) = field(node, "condition") {
            self.condition(test, Outcomes::Split(&mut then_label, &mut else_label));
        }
        self.finish_unless(then_label, truth == Some(false));
        let breaks = self.loop_body(node, returns);
        self.finish_unless(else_label, truth == Some(true));
        self.loop_end(node, returns, after_id, breaks);
    }

    fn for_statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        if let Some(iterable) = field(node, "right") {
            self.expr(iterable);
        }
        // pyright makes an exit label too, never joined here: counted as a node.
        let (loop_id, _exit_id, after_id) = (self.label(), self.label(), self.label());
        let reachable = self.current.is_some();
        self.current = self.current.map(|_| loop_id);
        if let Some(target) = field(node, "left") {
            self.target(target);
        }
        let breaks = self.loop_body(node, returns);
        // The loop ends from its top, whatever the body did.
        self.current = reachable.then_some(loop_id);
        self.loop_end(node, returns, after_id, breaks);
    }

    /// A loop's body; the nodes its `break`s leave from.
    fn loop_body(&mut self, node: Node<'_>, returns: Returns<'_, '_>) -> Vec<Id> {
        self.loops.push(Vec::new());
        if let Some(body) = field(node, "body") {
            self.block(body, returns);
        }
        self.loops.pop().unwrap_or_default()
    }

    /// After a loop's exit: its `else`, then the join of that with its `break`s.
    fn loop_end(&mut self, node: Node<'_>, returns: Returns<'_, '_>, after: Id, breaks: Vec<Id>) {
        if let Some(alternative) = field(node, "alternative").and_then(|a| field(a, "body")) {
            self.block(alternative, returns);
        }
        let mut after = Label { id: after, antecedents: breaks, branch: true };
        self.add(&mut after);
        self.finish(after);
    }

    fn with_statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        let clause = named_children(node).into_iter().find(|c| c.kind() == "with_clause");
        for item in clause.map(named_children).unwrap_or_default() {
            let value = field(item, "value").map(unparenthesize);
            match value {
                Some(value) if value.kind() == "as_pattern" => {
                    if let Some(expr) = named_children(value).first() {
                        self.expr(*expr);
                    }
                    // `as_pattern_target` holds the target.
                    let alias = field(value, "alias");
                    if let Some(target) = alias.and_then(|a| named_children(a).into_iter().next()).or(alias) {
                        self.target(target);
                    }
                }
                Some(value) => self.expr(value),
                None => {}
            }
        }
        let (manager, swallowed, after_id) = (self.label(), self.label(), self.label());
        let mut after = Label::branch(after_id);
        if self.current.is_some() {
            after.antecedents.push(manager);
        }
        self.raise_from(Some(swallowed));
        self.except_targets.push(Vec::new());
        if let Some(body) = field(node, "body") {
            self.block(body, returns);
        }
        self.except_targets.pop();
        self.add(&mut after);
        // The label after a `with` is never joined as a branch: no paths counted.
        self.current = (!after.antecedents.is_empty()).then_some(after.id);
        let current = self.current;
        self.raise_from(current);
    }

    fn try_statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        let parts = named_children(node);
        let handlers: Vec<Node<'_>> =
            parts.iter().copied().filter(|p| matches!(p.kind(), "except_clause" | "except_group_clause")).collect();
        let finally = parts.iter().find(|p| p.kind() == "finally_clause");
        let labels: Vec<Id> = handlers.iter().map(|_| self.label()).collect();
        let after_id = self.label();
        // The label `return`s in the `try` reach when there is a `finally`, never joined: counted.
        let _pre_finally = self.label();
        let gate = self.fresh();
        let mut after = Label::branch(after_id);
        if finally.is_some() {
            self.add_node(&mut after.antecedents, gate);
        }
        let bare = handlers.iter().any(|h| !named_children(*h).iter().any(|c| c.kind() != "block"));
        let mut targets: Vec<Vec<Id>> = labels.iter().map(|_| Vec::new()).collect();
        if !bare {
            targets.push(Vec::new());
        }
        if let Some(current) = self.current {
            for target in &mut targets {
                push_once(target, current);
            }
        }
        self.except_targets.push(targets);
        if let Some(body) = field(node, "body") {
            self.block(body, returns);
        }
        let targets = self.except_targets.pop().unwrap_or_default();
        if let Some(otherwise) = parts.iter().find(|p| p.kind() == "else_clause").and_then(|e| field(*e, "body")) {
            self.block(otherwise, returns);
        }
        self.add(&mut after);
        for ((handler, label), antecedents) in handlers.iter().zip(&labels).zip(targets) {
            self.finish(Label { id: *label, antecedents, branch: true });
            let mut bound = false;
            for child in named_children(*handler) {
                match child.kind() {
                    "block" => self.block(child, returns),
                    "as_pattern" => {
                        if let Some(expr) = named_children(child).first() {
                            self.expr(*expr);
                        }
                        self.assign_node(false);
                        bound = true;
                    }
                    _ => self.expr(child),
                }
            }
            if bound {
                self.assign_node(false);
            }
            self.add(&mut after);
        }
        self.finish(after);
        if let Some(body) = finally.and_then(|f| named_children(*f).into_iter().find(|c| c.kind() == "block")) {
            self.block(body, returns);
            self.node();
        }
    }

    fn match_statement(&mut self, node: Node<'_>, returns: Returns<'_, '_>) {
        if let Some(subject) = field(node, "subject") {
            self.expr(subject);
        }
        let after_id = self.label();
        let mut after = Label::branch(after_id);
        let start = self.current;
        let body = field(node, "body").map(named_children).unwrap_or_default();
        for case in body.iter().filter(|c| c.kind() == "case_clause") {
            self.current = start;
            self.node();
            if let Some(consequence) = field(*case, "consequence") {
                self.block(consequence, returns);
            }
            self.add(&mut after);
        }
        self.current = start;
        self.add(&mut after);
        self.finish(after);
    }
}

fn push_once(antecedents: &mut Vec<Id>, id: Id) {
    if !antecedents.contains(&id) {
        antecedents.push(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complexity(function: &str) -> u32 {
        let parsed = crate::syntax::parse_text(function.into());
        let def = named_children(parsed.root()).into_iter().find(|n| n.kind() == "function_definition").unwrap();
        flow_complexity(&parsed, def)
    }

    #[test]
    fn counts_what_pyright_counts() {
        // Each body measured against pyright 1.1.414 (`def f(a, r): <body> return r`, called
        // `f(1, 1)`): the most filler calls (a fortieth each) with which the call still infers
        // the return from its arguments gives the body's count.
        let bodies: &[(&str, u32)] = &[
            ("    if a:\n        x = 1\n", 49),
            ("    if a > z:\n        x = 1\n", 47),
            ("    if a is None:\n        x = 1\n", 50),
            ("    if a:\n        x = 1\n    else:\n        x = 2\n", 50),
            ("    if a:\n        return a\n", 48),
            ("    if a and a.b:\n        x = 1\n", 92),
            ("    if a > z or a < z:\n        x = 1\n", 49),
            ("    if a == 1:\n        x = 1\n    elif a == 2:\n        x = 2\n", 96),
            ("    try:\n        x = g(a)\n    except Exception:\n        pass\n", 49),
            ("    try:\n        x = g(a)\n        y = g(x)\n    except ValueError as e:\n        pass\n", 93),
            ("    try:\n        x = g(a)\n    finally:\n        h()\n", 50),
            ("    for i in a:\n        x = i\n", 8),
            ("    for i in a:\n        if i:\n            break\n", 52),
            ("    while a:\n        a = g(a)\n", 11),
            ("    with g(a) as w:\n        x = 1\n", 9),
            ("    x = a or 1\n", 88),
            ("    x = 1 if a else 2\n", 49),
            ("    x = [i for i in a if i]\n", 49),
            ("    x = [i for i in a]\n", 6),
            ("    assert a\n", 7),
            ("    g(1); g(2); g(3); g(4); g(5); g(6); g(7); g(8); g(9); g(10)\n", 13),
            ("    try:\n        a.x = 1\n        a.y = 2\n    except Exception:\n        pass\n", 129),
            ("    if isinstance(a, int):\n        x = 1\n", 51),
            ("    if not a:\n        x = 1\n", 49),
            ("    if g(a):\n        x = 1\n", 50),
            ("    if a:\n        if z:\n            x = 1\n", 94),
            ("    if 'k' in a:\n        x = 1\n", 50),
            (
                "    try:\n        with g(a):\n            h()\n            h()\n    except Exception:\n        pass\n",
                133,
            ),
            ("    x = a or None\n", 88),
            ("    x = a or []\n", 88),
            ("    x = a and a.b\n", 90),
            ("    if TYPE_CHECKING:\n        x = 1\n", 8),
            ("    while True:\n        if a:\n            break\n", 12),
            ("    if a or z:\n        x = 1\n", 93),
            ("    if a is None or z is None:\n        x = 1\n", 95),
            ("    if not (a and z):\n        x = 1\n", 93),
            ("    if a == 1:\n        x = 1\n    elif a:\n        x = 2\n    else:\n        x = 3\n", 96),
            ("    x = a if a is not None else 0\n", 49),
            ("    x = f'{g(a)} {h()}'\n", 6),
            ("    def inner(b=g()):\n        if b:\n            return 1\n    inner()\n", 7),
            ("    x = lambda y: y or 1\n", 5),
            ("    import os, sys\n    from os import path, sep\n", 7),
            (
                "    try:\n        x = g(a)\n    except (ValueError, TypeError):\n        x = 2\n    else:\n        h()\n",
                51,
            ),
            ("    try:\n        g(a)\n        h()\n    except:\n        raise\n", 49),
            ("    a += 1\n    a.x += 1\n", 5),
            ("    del a\n    a = 1\n", 5),
            ("    x = {k: v for k, v in a.items() if k if v}\n", 94),
            ("    if (n := g(a)):\n        x = n\n", 52),
            ("    if a:\n        raise ValueError(a)\n", 9),
            ("    for i in a:\n        if i:\n            continue\n        g(i)\n", 13),
            ("    a['k'] = 1\n    a[z] = 2\n    a[0].b = 3\n", 5),
            ("    assert a and z, 'msg'\n", 50),
            ("    while a:\n        a = g(a)\n    else:\n        h()\n", 12),
            ("    class K:\n        y = g()\n", 6),
            ("    with g(a) as p, h() as q:\n        g(p, q)\n", 11),
        ];
        for (body, pyright) in bodies {
            let function = format!("def f(a, r):\n{body}    return r\n");
            assert_eq!(complexity(&function), *pyright, "{body}");
        }
    }

    #[test]
    fn deep_syntax_is_complex_without_a_walk() {
        let function = format!("def f(a):\n    return {}a\n", "not ".repeat(50_000));
        let parsed = crate::syntax::parse_text(function.into());
        let def = named_children(parsed.root()).into_iter().next().unwrap();
        assert_eq!(FlowClass::of(&parsed, def), FlowClass::Complex);
        // `def` → `block` → `return_statement` → `identifier`: three levels.
        let shallow = crate::syntax::parse_text("def f(a):\n    return a\n".into());
        let def = named_children(shallow.root()).into_iter().next().unwrap();
        assert!(deeper_than(def, 2));
        assert!(!deeper_than(def, 3));
    }

    #[test]
    fn the_limits_are_pyright_s() {
        // Each `if a: x = 1` is 46 fortieths, the parameter and the return label 2: six `if`s
        // stay below 8 (pyright infers `f(1)` from its argument), seven do not; 28 reach 32.
        let class_of = |ifs: usize| {
            let function = format!("def f(a):\n{}    return a\n", "    if a:\n        x = 1\n".repeat(ifs));
            let parsed = crate::syntax::parse_text(function.into());
            let def = named_children(parsed.root()).into_iter().next().unwrap();
            FlowClass::of(&parsed, def)
        };
        assert_eq!(class_of(6), FlowClass::Simple);
        assert_eq!(class_of(7), FlowClass::Moderate);
        assert_eq!(class_of(27), FlowClass::Moderate);
        assert_eq!(class_of(28), FlowClass::Complex);
    }
}
