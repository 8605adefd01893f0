"""The model language of the equation-discovery recipe: arithmetic expressions in the state variables
and free constants, parsed with Python's `ast` under a whitelist and evaluated with numpy. A candidate is
data, not code: nothing it writes runs except these operations.
"""

import ast
import re

import numpy as np

FUNCTIONS = {"sin": np.sin, "cos": np.cos, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
             "tanh": np.tanh, "abs": np.abs}
CONSTANT = re.compile(r"^c[0-9]$")
OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class ModelError(ValueError):
    pass


def check(node, variables):
    """Raises ModelError for anything outside the language."""
    if isinstance(node, ast.Expression):
        return check(node.body, variables)
    if isinstance(node, ast.BinOp) and isinstance(node.op, OPERATORS):
        check(node.left, variables)
        return check(node.right, variables)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return check(node.operand, variables)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return None
    if isinstance(node, ast.Name) and (node.id in variables or CONSTANT.match(node.id)):
        return None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS \
            and len(node.args) == 1 and not node.keywords:
        return check(node.args[0], variables)
    raise ModelError("%s is not allowed (use numbers, %s, c0-c9, + - * / ** and %s)" % (
        ast.unparse(node) if hasattr(ast, "unparse") else type(node).__name__,
        ", ".join(variables), ", ".join(sorted(FUNCTIONS))))


class Floats(ast.NodeTransformer):
    """Numbers become floats, so that a power of two numbers overflows instead of computing forever."""

    def visit_Constant(self, node):
        return ast.copy_location(ast.Constant(float(node.value)), node)


def parse_model(text, variables):
    """{variable: compiled expression} and the sorted constant names, from lines `dx/dt = expression`."""
    equations = {}
    for number, line in enumerate(text.split("\n"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"^d(\w+)/dt\s*=\s*(.+)$", line)
        if match is None or match.group(1) not in variables:
            raise ModelError("line %d: expected `d<%s>/dt = expression`" % (number, "|".join(variables)))
        try:
            tree = ast.parse(match.group(2), mode="eval")
        except SyntaxError as error:
            raise ModelError("line %d: %s" % (number, error.msg)) from None
        check(tree, variables)
        tree = ast.fix_missing_locations(Floats().visit(tree))
        equations[match.group(1)] = (compile(tree, "model", "eval"), match.group(2).strip())
    missing = [variable for variable in variables if variable not in equations]
    if missing:
        raise ModelError("no equation for %s" % ", ".join("d%s/dt" % variable for variable in missing))
    names = sorted({name for _, source in equations.values() for name in re.findall(r"\bc[0-9]\b", source)})
    return equations, names


def evaluate_rhs(equations, names, variables, state, constants):
    """The derivatives of `variables` at `state` ({variable: array}), constants in `names` order."""
    scope = {"__builtins__": {}, **FUNCTIONS, **state, **dict(zip(names, constants))}
    shape = np.shape(state[variables[0]])
    with np.errstate(all="ignore"):
        return [np.broadcast_to(np.asarray(eval(equations[variable][0], scope), dtype=float), shape)  # noqa: S307
                for variable in variables]
