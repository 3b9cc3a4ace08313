/* SPDX-License-Identifier: MPL-2.0 */
/* Copyright (C) 2026 the ditto authors */
/* named.conf grammar: the generic statement form of STYLE.md section 7. */
%code requires {
#include "parser/ast_p.h"
#define DITTO_CFG_YYSTYPE ditto__cfg_value_t
}
%code provides {
int ditto_cfg_yylex(DITTO_CFG_YYSTYPE *lval, DITTO_CFG_YYLTYPE *lloc,
		    void *scanner);
}
%code {
/*
 * file  := stmt*
 * stmt  := item+ ';'
 * item  := WORD | STRING | '!' | '{' stmt* '}'
 * Every statement and item records its file and line. Which words a
 * statement may hold is the clause table's business, not the grammar's.
 */
#include <stdio.h>

static void
ditto_cfg_yyerror(DITTO_CFG_YYLTYPE *loc, void *scanner,
		  ditto__cfg_scan_t *scan, const char *msg);

static ditto_cfg_node_t *
mknode(ditto__cfg_scan_t *scan, ditto_cfg_kind_t kind, int line)
{
	return ditto_cfg_node_new(scan->p, kind, scan->file,
				  (unsigned int)line);
}
}

%define api.pure full
%define api.prefix {ditto_cfg_yy}
%locations
%param {void *scanner}
%parse-param {ditto__cfg_scan_t *scan}

%token <str> WORD STRING
%token LEXERR
%type <node> stmt item block
%type <list> stmts items

%%
file:	stmts			{ scan->result = $1.head; }
	| stmts items		{
		ditto__cfg_scan_error(scan, scan->line,
				      "missing ';' before end of file");
		YYABORT;
	}
	;

stmts:	%empty			{ $$.head = $$.tail = NULL; }
	| stmts stmt		{
		$$ = $1;
		if ($$.tail == NULL) {
			$$.head = $2;
		} else {
			$$.tail->next = $2;
		}
		$$.tail = $2;
	}
	;

stmt:	items ';'		{
		$$ = mknode(scan, DITTO_CFG_STMT, @1.first_line);
		$$->line = $1.head->line;
		$$->child = $1.head;
	}
	;

items:	item			{ $$.head = $$.tail = $1; }
	| items item		{ $$ = $1; $$.tail->next = $2; $$.tail = $2; }
	;

item:	WORD			{
		$$ = mknode(scan, DITTO_CFG_WORD, @1.first_line);
		$$->text = $1;
	}
	| STRING		{
		$$ = mknode(scan, DITTO_CFG_STRING, @1.first_line);
		$$->text = $1;
	}
	| '!'			{ $$ = mknode(scan, DITTO_CFG_NOT, @1.first_line); }
	| block			{ $$ = $1; }
	;

block:	'{' stmts '}'		{
		$$ = mknode(scan, DITTO_CFG_BLOCK, @1.first_line);
		$$->child = $2.head;
	}
	| '{' stmts items '}'	{
		ditto__cfg_scan_error(scan, @4.first_line,
				      "missing ';' before '}'");
		YYABORT;
	}
	;
%%

static void
ditto_cfg_yyerror(DITTO_CFG_YYLTYPE *loc, void *scanner,
		  ditto__cfg_scan_t *scan, const char *msg)
{
	(void)scanner;
	(void)msg;
	unsigned int line = loc != NULL ? (unsigned int)loc->first_line : 0;
	if (scan->last == NULL) {
		ditto__cfg_scan_error(scan, line,
				      "unexpected token near end of file");
	} else if (scan->depth > 0 || scan->last[0] == '}') {
		ditto__cfg_scan_error(scan, line, "%s near '%s'",
				      scan->depth > 0 ? "'}' expected"
						      : "syntax error",
				      scan->last);
	} else {
		ditto__cfg_scan_error(scan, line, "syntax error near '%s'",
				      scan->last);
	}
}
