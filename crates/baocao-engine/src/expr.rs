//! Formulas: a small arithmetic language over references to data elements, stated values,
//! indicators and constants, after DHIS2's expression syntax (`#{…}`, `C{…}`, `N{…}`), with
//! `S{…}` for a value as stated and period functions `prev` and `last_year`.
//! See `docs/file-formats.md`, "Formulas".

use std::fmt;

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// `#{DE.OPT}`: a data element's cell or subtotal computed from its parts.
    Computed,
    /// `S{CODE.OPT}`: a data element's value or an indicator's value as stated.
    Stated,
    /// `N{IND.OPT}`: an indicator.
    Indicator,
    /// `C{CODE}`: a constant.
    Constant,
}

impl RefKind {
    fn prefix(self) -> &'static str {
        match self {
            RefKind::Computed => "#",
            RefKind::Stated => "S",
            RefKind::Indicator => "N",
            RefKind::Constant => "C",
        }
    }
}

/// A reference such as `#{DVC_HOSO.XA.QUAMANG}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// What it points at.
    pub kind: RefKind,
    /// The code of the data element, indicator or constant.
    pub code: String,
    /// Option codes as written (any order).
    pub options: Vec<String>,
    /// Byte offset of the reference in the formula.
    pub offset: usize,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{{{}", self.kind.prefix(), self.code)?;
        for option in &self.options {
            write!(f, ".{option}")?;
        }
        f.write_str("}")
    }
}

/// A function a formula may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `prev(x)`: `x` in the previous period.
    Prev,
    /// `last_year(x)`: `x` in the same period of the previous year.
    LastYear,
    /// `round(x, n)`: half away from zero to `n` decimals.
    Round,
    /// `abs(x)`.
    Abs,
    /// `sqrt(x)`; missing for negative `x`.
    Sqrt,
    /// `pi()`.
    Pi,
    /// `min(a, b)`.
    Min,
    /// `max(a, b)`.
    Max,
    /// `ytd(x)`: the sum of `x` over the months from January to the end of the period
    /// (lũy kế từ đầu năm); missing when any month is missing.
    Ytd,
}

impl Function {
    const ALL: [(&'static str, Function, usize); 9] = [
        ("prev", Function::Prev, 1),
        ("last_year", Function::LastYear, 1),
        ("round", Function::Round, 2),
        ("abs", Function::Abs, 1),
        ("sqrt", Function::Sqrt, 1),
        ("pi", Function::Pi, 0),
        ("min", Function::Min, 2),
        ("max", Function::Max, 2),
        ("ytd", Function::Ytd, 1),
    ];

    fn lookup(name: &str) -> Option<(Function, usize)> {
        Function::ALL
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, f, arity)| (*f, *arity))
    }

    fn names() -> String {
        Function::ALL
            .iter()
            .map(|(n, _, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal number.
    Number(f64),
    /// A reference.
    Ref(Reference),
    /// Unary minus.
    Neg(Box<Expr>),
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// A function call.
    Call(Function, Vec<Expr>),
}

impl Expr {
    /// Every reference inside a call of `function`, in order of appearance.
    pub fn references_inside(&self, function: Function) -> Vec<&Reference> {
        let mut out = Vec::new();
        self.collect_inside(function, &mut out);
        out
    }

    fn collect_inside<'a>(&'a self, function: Function, out: &mut Vec<&'a Reference>) {
        match self {
            Expr::Call(f, args) if *f == function => {
                args.iter().for_each(|a| a.collect_references(out));
            }
            Expr::Number(_) | Expr::Ref(_) => {}
            Expr::Neg(e) => e.collect_inside(function, out),
            Expr::Binary(_, a, b) => {
                a.collect_inside(function, out);
                b.collect_inside(function, out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_inside(function, out)),
        }
    }

    /// Every reference in the formula, in order of appearance.
    pub fn references(&self) -> Vec<&Reference> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<&'a Reference>) {
        match self {
            Expr::Number(_) => {}
            Expr::Ref(r) => out.push(r),
            Expr::Neg(e) => e.collect_references(out),
            Expr::Binary(_, a, b) => {
                a.collect_references(out);
                b.collect_references(out);
            }
            Expr::Call(_, args) => args.iter().for_each(|a| a.collect_references(out)),
        }
    }
}

/// A formula that does not parse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("formula `{formula}`, at character {column}: {message}")]
pub struct ParseError {
    /// The formula.
    pub formula: String,
    /// 1-based character column of the problem.
    pub column: usize,
    /// What was found and what was expected.
    pub message: String,
}

/// Parses a formula.
///
/// Errors: a [`ParseError`] naming the column and what was expected (an unknown function, an
/// unclosed reference, a missing operand …).
pub fn parse(formula: &str) -> Result<Expr, ParseError> {
    let mut parser = Parser {
        src: formula,
        pos: 0,
    };
    let expr = parser.expression()?;
    parser.skip_space();
    if parser.pos < formula.len() {
        return Err(parser.error("expected an operator (+ - * /) or the end of the formula"));
    }
    Ok(expr)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        let column = self.src[..self.pos.min(self.src.len())].chars().count() + 1;
        let found = match self.peek() {
            Some(c) => format!("found `{c}`"),
            None => "found the end".to_string(),
        };
        ParseError {
            formula: self.src.to_string(),
            column,
            message: format!("{message}; {found}"),
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.term()?;
        loop {
            let op = if self.eat('+') {
                BinaryOp::Add
            } else if self.eat('-') {
                BinaryOp::Sub
            } else {
                return Ok(left);
            };
            let right = self.term()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat('*') {
                BinaryOp::Mul
            } else if self.eat('/') {
                BinaryOp::Div
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.eat('-') {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        self.skip_space();
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let inner = self.expression()?;
                if !self.eat(')') {
                    return Err(self.error("expected `)`"));
                }
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if "#SNC".contains(c) && self.src[self.pos + 1..].starts_with('{') => {
                self.reference()
            }
            Some(c) if c.is_ascii_alphabetic() => self.call(),
            _ => {
                Err(self.error("expected a number, a reference such as #{CODE}, a function or `(`"))
            }
        }
    }

    fn number(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !(c.is_ascii_digit() || c == '.') {
                break;
            }
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        text.parse::<f64>().map(Expr::Number).map_err(|_| {
            self.pos = start;
            self.error(
                "expected a number written with `.` as the decimal point, such as 100 or 3.14",
            )
        })
    }

    fn reference(&mut self) -> Result<Expr, ParseError> {
        let offset = self.pos;
        let kind = match self.peek() {
            Some('#') => RefKind::Computed,
            Some('S') => RefKind::Stated,
            Some('N') => RefKind::Indicator,
            _ => RefKind::Constant,
        };
        self.pos += 2;
        let start = self.pos;
        let Some(len) = self.src[start..].find('}') else {
            self.pos = offset;
            return Err(self.error("expected `}` to close the reference"));
        };
        let body = &self.src[start..start + len];
        let mut parts = body.split('.').map(str::trim);
        let code = parts.next().unwrap_or_default().to_string();
        let options: Vec<String> = parts.map(str::to_string).collect();
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        };
        if !valid(&code) || !options.iter().all(|o| valid(o)) {
            self.pos = offset;
            return Err(self.error(
                "expected codes of capital letters, digits and `_` separated by `.`, such as #{DVC_HOSO.XA}",
            ));
        }
        if kind == RefKind::Constant && !options.is_empty() {
            self.pos = offset;
            return Err(self.error("a constant C{…} takes no options"));
        }
        self.pos = start + len + 1;
        Ok(Expr::Ref(Reference {
            kind,
            code,
            options,
            offset,
        }))
    }

    fn call(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !(c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            self.pos += 1;
        }
        let name = &self.src[start..self.pos];
        let Some((function, arity)) = Function::lookup(name) else {
            self.pos = start;
            return Err(self.error(&format!(
                "unknown function `{name}`; expected one of: {}",
                Function::names()
            )));
        };
        if !self.eat('(') {
            return Err(self.error(&format!("expected `(` after `{name}`")));
        }
        let mut args = Vec::new();
        if !self.eat(')') {
            loop {
                args.push(self.expression()?);
                if self.eat(')') {
                    break;
                }
                if !self.eat(',') {
                    return Err(self.error("expected `,` or `)`"));
                }
            }
        }
        if args.len() != arity {
            self.pos = start;
            return Err(self.error(&format!(
                "`{name}` takes {arity} argument(s), got {}",
                args.len()
            )));
        }
        Ok(Expr::Call(function, args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(formula: &str) -> Vec<String> {
        parse(formula)
            .unwrap()
            .references()
            .iter()
            .map(|r| r.to_string())
            .collect()
    }

    #[test]
    fn parses_references_of_every_kind() {
        assert_eq!(
            refs("#{DVC_HOSO.QUAMANG} / #{DVC_HOSO} * 100"),
            vec!["#{DVC_HOSO.QUAMANG}", "#{DVC_HOSO}"]
        );
        assert_eq!(
            refs("S{A.XA} - round(N{B.XA}, 2) + C{DANSO_TB}"),
            vec!["S{A.XA}", "N{B.XA}", "C{DANSO_TB}"]
        );
    }

    #[test]
    fn precedence_is_arithmetic() {
        let expr = parse("1 + 2 * 3").unwrap();
        assert_eq!(
            expr,
            Expr::Binary(
                BinaryOp::Add,
                Box::new(Expr::Number(1.0)),
                Box::new(Expr::Binary(
                    BinaryOp::Mul,
                    Box::new(Expr::Number(2.0)),
                    Box::new(Expr::Number(3.0))
                ))
            )
        );
    }

    #[test]
    fn errors_name_the_column_and_expectation() {
        let check = |formula: &str, column: usize, needle: &str| {
            let err = parse(formula).unwrap_err();
            assert_eq!(err.column, column, "{err}");
            assert!(err.message.contains(needle), "{err}");
        };
        check("#{DVC_HOSO", 1, "expected `}`");
        check("#{dvc}", 1, "capital letters");
        check("#{A} +", 7, "expected a number");
        check("foo(1)", 1, "unknown function `foo`");
        check("round(1)", 1, "takes 2 argument(s)");
        check("(1 + 2", 7, "expected `)`");
        check("1 2", 3, "expected an operator");
        check("C{X.Y}", 1, "takes no options");
    }
}
