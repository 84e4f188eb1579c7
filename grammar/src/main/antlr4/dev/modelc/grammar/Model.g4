/*
 * The .nn language of modelc (LANGUAGE.md §2-§7): an optional package line, one or more models,
 * their statements, train blocks and expressions. The grammar holds no actions; the compiler's
 * syntax package turns the parse tree into the AST and reports errors.
 *
 * Reserved words are only `package`, `model` and `const` (the words that lead a file-level
 * declaration or are Java keywords anyway) and the literals `true` and `false`. Every other word
 * of the language (`input`, `loss`, `train`, `init`, `class`, `batch`, `epochs`, …) is contextual:
 * it has its own token, so the parser can tell statements apart, but the rule `ident` accepts it
 * wherever a name may stand, so `loss = mse(out, y);` or `batch = 4;` still parse.
 */
grammar Model;

// ---- file structure ---------------------------------------------------------------------------

compilationUnit
    : packageDecl? modelDecl+ EOF
    ;

packageDecl
    : PACKAGE packagePart (DOT packagePart)* SEMI
    ;

// Any word may be a package segment here, so that `com.acme.model` parses and a Java keyword
// segment is reported by name rather than as a syntax error.
packagePart
    : ident
    | MODEL
    | CONST
    | PACKAGE
    | TRUE
    | FALSE
    ;

modelDecl
    : MODEL name LBRACE statement* RBRACE
    ;

// ---- statements (§3) --------------------------------------------------------------------------

statement
    : CONST name ASSIGN expr SEMI                                       # constStmt
    | INPUT name shape SEMI                                             # inputStmt
    | TARGET name (shape | COLON CLASS LPAREN classes=expr RPAREN) SEMI # targetStmt
    | PARAM name shape (INIT initializer)? SEMI                         # paramStmt
    | OUTPUT name (ASSIGN expr)? SEMI                                   # outputStmt
    | LOSS expr SEMI                                                    # lossStmt
    | METRIC call SEMI                                                  # metricStmt
    | TRAIN LBRACE trainStatement* RBRACE                               # trainBlock
    | name ASSIGN expr SEMI                                             # assignStmt
    ;

// `[d1, d2, …]`; `[]` is the shape of a scalar.
shape
    : LBRACK (expr (COMMA expr)*)? RBRACK
    ;

initializer
    : call
    | ident
    ;

// ---- the train block (§7) ---------------------------------------------------------------------

trainStatement
    : OPTIMIZER call SEMI                                  # optimizerStmt
    | SCHEDULE call (COMMA call)* SEMI                     # scheduleStmt
    | EARLY_STOPPING LPAREN arguments? RPAREN SEMI         # earlyStoppingStmt
    | key=(BATCH | EPOCHS | SEED | SHUFFLE | CLIP_NORM | CLIP_VALUE | VALIDATION) expr SEMI
                                                           # settingStmt
    ;

// ---- expressions (§5), tightest first ---------------------------------------------------------

expr
    : expr LBRACK index=expr RBRACK                       # indexExpr
    | expr LBRACK from=expr? COLON to=expr? RBRACK        # sliceExpr
    | MINUS expr                                          # negExpr
    | expr op=AT expr                                     # binaryExpr
    | expr op=(STAR | SLASH) expr                         # binaryExpr
    | expr op=(PLUS | MINUS) expr                         # binaryExpr
    | primary                                             # primaryExpr
    ;

primary
    : NUMBER                                              # numberLit
    | (TRUE | FALSE)                                      # boolLit
    | call                                                # callExpr
    | ident (DOT ident)*                                  # nameRef
    | LPAREN expr RPAREN                                  # parenExpr
    | LBRACK (expr (COMMA expr)*)? RBRACK                 # listLit
    ;

// Positional and named arguments may be mixed here; the AST builder reports a positional
// argument after a named one, which reads better than a syntax error.
call
    : ident LPAREN arguments? RPAREN
    ;

arguments
    : argument (COMMA argument)*
    ;

argument
    : (name ASSIGN)? expr
    ;

// ---- names ------------------------------------------------------------------------------------

// A name being declared. Literals and reserved words are accepted so that using one as a name is
// reported as "'const' is a Java keyword …" rather than as a bare syntax error.
name
    : ident
    | TRUE
    | FALSE
    | CONST
    | PACKAGE
    ;

// Any word that may name a value or function: identifiers and every contextual keyword.
ident
    : ID
    | DOLLAR_NAME
    | INPUT
    | TARGET
    | PARAM
    | OUTPUT
    | LOSS
    | METRIC
    | TRAIN
    | INIT
    | CLASS
    | OPTIMIZER
    | SCHEDULE
    | EARLY_STOPPING
    | BATCH
    | EPOCHS
    | SEED
    | SHUFFLE
    | CLIP_NORM
    | CLIP_VALUE
    | VALIDATION
    ;

// ---- lexer (§2) -------------------------------------------------------------------------------

// Reserved words.
PACKAGE        : 'package';
MODEL          : 'model';
CONST          : 'const';
TRUE           : 'true';
FALSE          : 'false';

// Contextual words: see `ident`.
INPUT          : 'input';
TARGET         : 'target';
PARAM          : 'param';
OUTPUT         : 'output';
LOSS           : 'loss';
METRIC         : 'metric';
TRAIN          : 'train';
INIT           : 'init';
CLASS          : 'class';
OPTIMIZER      : 'optimizer';
SCHEDULE       : 'schedule';
EARLY_STOPPING : 'early_stopping';
BATCH          : 'batch';
EPOCHS         : 'epochs';
SEED           : 'seed';
SHUFFLE        : 'shuffle';
CLIP_NORM      : 'clip_norm';
CLIP_VALUE     : 'clip_value';
VALIDATION     : 'validation';

LPAREN         : '(';
RPAREN         : ')';
LBRACK         : '[';
RBRACK         : ']';
LBRACE         : '{';
RBRACE         : '}';
DOT            : '.';
COMMA          : ',';
COLON          : ':';
SEMI           : ';';
ASSIGN         : '=';
AT             : '@';
STAR           : '*';
SLASH          : '/';
PLUS           : '+';
MINUS          : '-';

// `12`, `0.5`, `2.`, `.5`, `1e-4`, `1.5E+3`.
NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

fragment DIGITS   : [0-9]+;
fragment EXPONENT : [eE] [+-]? DIGITS;

ID             : [A-Za-z_] [A-Za-z0-9_]*;

// A would-be name containing `$` (`$x`, `a$b`). It is lexed as one word, so that the parser
// carries on as if it were a name and the compiler reports the `$` once, instead of a cascade of
// syntax errors. A `$` that is not part of a word is an ILLEGAL character.
DOLLAR_NAME
    : '$'+ [A-Za-z0-9_] [A-Za-z0-9_$]*
    | [A-Za-z_] [A-Za-z0-9_]* '$' [A-Za-z0-9_$]*
    ;

LINE_COMMENT   : '//' ~[\r\n]* -> channel(HIDDEN);

// An unterminated comment runs to the end of the file; the compiler reports it.
BLOCK_COMMENT  : '/*' .*? ('*/' | EOF) -> channel(HIDDEN);

// A byte-order mark is invisible in editors, so it counts as white space.
WS             : [ \t\r\n\uFEFF]+ -> skip;

// Any other character, control characters included; the compiler reports it. Kept off the
// parser's channel so that one stray character does not also derail the statement around it.
ILLEGAL        : . -> channel(HIDDEN);
