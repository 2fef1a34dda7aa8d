package org.telemetrybridge.mqsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MqscReaderTest {

    @Test
    void plusContinuesFromTheFirstNonBlankOfTheNextLine() {
        MqscScript script = read("""
                DEFINE QLOCAL('A.B') +
                       MAXDEPTH(10) +
                       REPLACE
                """);

        MqscCommand command = only(script);
        assertThat(command.kind()).isEqualTo("DEFINE QLOCAL");
        assertThat(command.name()).isEqualTo("A.B");
        assertThat(command.value("MAXDEPTH")).contains("10");
        assertThat(command.has("REPLACE")).isTrue();
    }

    @Test
    void continuationsInsideQuotedValuesFollowPlusAndMinusRules() {
        MqscScript script = read("""
                DEFINE QLOCAL('A') REPLACE DESCR('Fr+
                     ed')
                DEFINE QLOCAL('B') REPLACE DESCR('Fr-
                  ed')
                """);

        assertThat(script.commands()).extracting(c -> c.value("DESCR").orElseThrow())
                .containsExactly("Fred", "Fr  ed");
    }

    @Test
    void commentsAndBlankLinesAreSkippedEvenBetweenContinuedLines() {
        MqscScript script = read("""
                * a comment
                DEFINE QLOCAL('A') +

                * a comment inside the command
                       REPLACE
                """);

        assertThat(only(script).has("REPLACE")).isTrue();
        assertThat(only(script).location().line()).isEqualTo(2);
    }

    @Test
    void anAsteriskOnlyStartsACommentInTheFirstColumn() {
        MqscScript script = read("  * not a comment\n");

        assertThat(script.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isTrue();
            assertThat(problem.message()).contains("'*' is not an MQSC command");
        });
    }

    @Test
    void doubledQuotesStandForOneQuoteAndQuotedValuesKeepTheirCase() {
        MqscCommand command = only(read("DEFINE QLOCAL('lower.q') DESCR('It''s (here)') LIKE(other.q) REPLACE\n"));

        assertThat(command.name()).isEqualTo("lower.q");
        assertThat(command.value("DESCR")).contains("It's (here)");
        assertThat(command.value("LIKE")).as("unquoted values fold to upper case").contains("OTHER.Q");
    }

    @Test
    void synonymsListsAndBlanksAroundParenthesesReadAsTheQueueManagerReadsThem() {
        MqscScript script = read("""
                def ql(a.b) replace
                ALTER QLOCAL ('Account' )      TRIGDPTH ( 1)
                SET AUTHREC OBJTYPE(QUEUE) PROFILE('A.**') GROUP('g') AUTHADD(GET, BROWSE,,INQ)
                """);

        assertThat(script.problems()).isEmpty();
        assertThat(script.commands()).extracting(MqscCommand::kind, MqscCommand::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DEFINE QLOCAL", "A.B"),
                        org.assertj.core.groups.Tuple.tuple("ALTER QLOCAL", "Account"),
                        org.assertj.core.groups.Tuple.tuple("SET AUTHREC", ""));
        assertThat(script.commands().get(1).value("TRIGDPTH")).contains("1");
        assertThat(script.commands().get(2).values("AUTHADD")).containsExactly("GET", "BROWSE", "INQ");
    }

    @Test
    void aSemicolonEndsACommandEvenAfterAContinuation() {
        MqscScript script = read("""
                DEFINE QLOCAL('A') REPLACE +
                ;
                DEFINE QLOCAL('B') REPLACE;
                """);

        assertThat(script.problems()).isEmpty();
        assertThat(script.commands()).extracting(MqscCommand::name).containsExactly("A", "B");
    }

    @Test
    void errorsNameTheFileAndTheLineWhereTheirCommandStarts() {
        MqscScript script = read("""
                * fine
                DEFINE QLOCAL('A') REPLACE
                DEFNE QLOCAL('B') REPLACE
                DEFINE QLOCAL('C') +
                       DESCR('not closed) +
                       REPLACE
                DEFINE QLOCL('D') REPLACE
                """);

        assertThat(script.problems()).extracting(MqscProblem::toString).containsExactly(
                "test.mqsc:3: error: 'DEFNE' is not an MQSC command; commands begin with DEFINE, ALTER, SET, DELETE,"
                        + " START, STOP, REFRESH, DISPLAY ...",
                "test.mqsc:4: error: the quoted value of DESCR is not closed",
                "test.mqsc:7: error: 'QLOCL' is not something DEFINE works on; expected one of AUTHINFO, CHANNEL,"
                        + " COMMINFO, LISTENER, NAMELIST, PROCESS, QALIAS, QLOCAL, QMODEL, QREMOTE, SERVICE, SUB, TOPIC");
        assertThat(script.commands()).as("the good command is still read").extracting(MqscCommand::name)
                .containsExactly("A");
    }

    @Test
    void aContinuationAtTheEndOfTheFileIsAnError() {
        MqscScript script = read("DEFINE QLOCAL('A') REPLACE +\n\n* nothing follows\n");

        assertThat(script.problems()).extracting(MqscProblem::toString)
                .containsExactly("test.mqsc:1: error: the command is continued with '+' but the file ends");
    }

    @Test
    void unbalancedParenthesesAndMissingBlanksAreErrors() {
        MqscScript script = read("""
                DEFINE QLOCAL('A') MAXDEPTH(5 REPLACE
                DEFINE QLOCAL('B') MAXDEPTH(5)) REPLACE
                DEFINE QLOCAL('C')REPLACE
                DEFINE QLOCAL('D') DESCR(a(b)) REPLACE
                """);

        assertThat(script.problems()).extracting(p -> p.location().line() + " " + p.message()).containsExactly(
                "1 the '(' after MAXDEPTH is not closed",
                "2 the ')' after MAXDEPTH has no '(' to close",
                "3 a blank must separate 'DEFINE QLOCAL('C')' from 'REPLACE'",
                "4 a second '(' inside the value of DESCR; quote the value if it contains parentheses");
    }

    @Test
    void grammarMistakesAreErrorsAndLikelyMistakesAreWarnings() {
        MqscScript script = read("""
                DEFINE CHANNEL('TBRIDGE.SVRCONN') REPLACE
                DEFINE QLOCAL('A') MAXDEPHT(5) REPLACE
                DEFINE QLOCAL('B')
                DEFINE QLOCAL('C D') REPLACE
                DEFINE CHANNEL('MUCH.TOO.LONG.CHANNEL.NAME') CHLTYPE(SVRCONN) REPLACE
                SET AUTHREC OBJTYPE(QUEUE) PROFILE('A') AUTHADD(GETT)
                SET CHLAUTH('X') ADDRESS('*') ACTION(REPLACE)
                ALTER QMGR('QM1') DEFXMITQ('X')
                DELETE QLOCAL
                """);

        assertThat(script.problems()).extracting(MqscProblem::toString).containsExactly(
                "test.mqsc:1: error: DEFINE CHANNEL needs CHLTYPE(...)",
                "test.mqsc:2: warning: MAXDEPHT is not an attribute of DEFINE QLOCAL known to this reader; check its"
                        + " spelling against the MQSC reference",
                "test.mqsc:3: warning: DEFINE QLOCAL(B) without NOREPLACE or REPLACE: say which (the MQ container"
                        + " applies /etc/mqm/*.mqsc at every start); NOREPLACE keeps an existing object's tuning, then"
                        + " ALTER what must be set",
                "test.mqsc:4: error: QLOCAL name 'C D' may contain only A-Z a-z 0-9 . / _ %",
                "test.mqsc:5: error: CHANNEL name 'MUCH.TOO.LONG.CHANNEL.NAME' has 26 characters; at most 20 are allowed",
                "test.mqsc:6: error: SET AUTHREC needs exactly one of PRINCIPAL and GROUP",
                "test.mqsc:6: warning: 'GETT' in AUTHADD is not an MQ authority known to this reader",
                "test.mqsc:7: error: SET CHLAUTH needs TYPE(...)",
                "test.mqsc:8: error: ALTER QMGR takes no name in parentheses",
                "test.mqsc:9: error: DELETE QLOCAL needs one name in parentheses, as in QLOCAL('NAME')");
        assertThat(script.hasErrors()).isTrue();
    }

    @Test
    void verbsTheReaderDoesNotCheckAreStillRecognised() {
        MqscScript script = read("""
                REFRESH SECURITY(*) TYPE(CONNAUTH)
                START CHANNEL('TBRIDGE.SVRCONN')
                END
                """);

        assertThat(script.problems()).isEmpty();
        assertThat(script.commands()).extracting(MqscCommand::kind)
                .containsExactly("REFRESH SECURITY", "START CHANNEL", "END");
    }

    private static MqscScript read(String text) {
        return MqscReader.read("test.mqsc", text);
    }

    private static MqscCommand only(MqscScript script) {
        assertThat(script.problems()).isEmpty();
        List<MqscCommand> commands = script.commands();
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }
}
