package org.telemetrybridge.mqsc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * What the reader knows of MQSC (IBM MQ on Multiplatforms): the command verbs, the nouns each
 * checked verb takes, and the attributes of the object types the bridge's scripts use. It is enough to
 * catch the typos that matter (a misspelt verb or noun, a missing CHLTYPE, a bad object name, an
 * unknown attribute or authority), not a full copy of the MQSC reference: an attribute missing from
 * these tables gives a warning, never an error.
 */
final class MqscGrammar {

    private static final Map<String, String> VERB_SYNONYMS = Map.of("DEF", "DEFINE", "ALT", "ALTER",
            "DIS", "DISPLAY", "STA", "START", "REF", "REFRESH");

    private static final Set<String> VERBS = Set.of("ALTER", "ARCHIVE", "BACKUP", "CLEAR", "DEFINE", "DELETE",
            "DISPLAY", "END", "PING", "PURGE", "RECOVER", "REFRESH", "RESET", "RESOLVE", "RESUME", "SET", "START",
            "STOP", "SUSPEND");

    private static final Map<String, String> NOUN_SYNONYMS = Map.ofEntries(
            Map.entry("QL", "QLOCAL"), Map.entry("QR", "QREMOTE"), Map.entry("QA", "QALIAS"),
            Map.entry("QM", "QMODEL"), Map.entry("CHL", "CHANNEL"), Map.entry("LSTR", "LISTENER"),
            Map.entry("NL", "NAMELIST"), Map.entry("PRO", "PROCESS"), Map.entry("SUBSCRIPTION", "SUB"),
            Map.entry("CHS", "CHSTATUS"), Map.entry("Q", "QUEUE"));

    private static final Set<String> DEFINABLE = Set.of("QLOCAL", "QREMOTE", "QALIAS", "QMODEL", "CHANNEL", "TOPIC",
            "SUB", "LISTENER", "SERVICE", "NAMELIST", "PROCESS", "AUTHINFO", "COMMINFO");

    /** The nouns each checked verb takes; other verbs (START, REFRESH, DISPLAY ...) are not checked further. */
    private static final Map<String, Set<String>> NOUNS = Map.of(
            "DEFINE", DEFINABLE,
            "ALTER", union(DEFINABLE, Set.of("QMGR")),
            "DELETE", union(DEFINABLE, Set.of("AUTHREC", "POLICY")),
            "SET", Set.of("AUTHREC", "CHLAUTH", "POLICY", "LOG", "SYSTEM", "ARCHIVE"));

    /** Nouns written without a name in parentheses. */
    private static final Set<String> UNNAMED = Set.of("QMGR", "AUTHREC", "LOG", "SYSTEM", "ARCHIVE");

    private static final Set<String> QUEUE_COMMON = Set.of("LIKE", "REPLACE", "NOREPLACE", "CMDSCOPE", "QSGDISP",
            "CUSTOM", "DESCR", "DEFPRTY", "DEFPSIST", "DEFPRESP", "PUT", "CAPEXPRY", "FORCE", "SCOPE", "CLUSTER",
            "CLUSNL", "CLWLPRTY", "CLWLRANK", "DEFBIND");

    private static final Set<String> LOCAL_QUEUE = union(QUEUE_COMMON, Set.of("ACCTQ", "BOQNAME", "BOTHRESH",
            "CFSTRUCT", "CLCHNAME", "CLWLUSEQ", "DEFREADA", "DEFSOPT", "DISTL", "GET", "HARDENBO", "NOHARDENBO",
            "IMGRCOVQ", "INDXTYPE", "INITQ", "MAXDEPTH", "MAXFSIZE", "MAXMSGL", "MONQ", "MSGDLVSQ", "NPMCLASS",
            "PROCESS", "PROPCTL", "QDEPTHHI", "QDEPTHLO", "QDPHIEV", "QDPLOEV", "QDPMAXEV", "QSVCIEV", "QSVCINT",
            "SHARE", "NOSHARE", "STATQ", "STGCLASS", "STREAMQ", "STRMQOS", "TRIGDATA", "TRIGDPTH", "TRIGGER",
            "NOTRIGGER", "TRIGMPRI", "TRIGTYPE", "USAGE"));

    private static final Set<String> CHANNEL = Set.of("CHLTYPE", "LIKE", "REPLACE", "NOREPLACE", "CMDSCOPE",
            "QSGDISP", "AFFINITY", "AMQPKA", "BACKLOG", "BATCHHB", "BATCHINT", "BATCHLIM", "BATCHSZ", "CERTLABL",
            "CLNTWGHT", "CLUSNL", "CLUSTER", "CLWLPRTY", "CLWLRANK", "CLWLWGHT", "COMPHDR", "COMPMSG", "CONNAME",
            "CONVERT", "DEFCDISP", "DEFRECON", "DESCR", "DISCINT", "HBINT", "JAASCFG", "KAINT", "LOCLADDR", "LONGRTY",
            "LONGTMR", "MAXINST", "MAXINSTC", "MAXMSGL", "MCANAME", "MCATYPE", "MCAUSER", "MODENAME", "MONCHL",
            "MRDATA", "MREXIT", "MRRTY", "MRTMR", "MSGDATA", "MSGEXIT", "NETPRTY", "NPMSPEED", "PASSWORD", "PORT",
            "PROPCTL", "PROTOCOL", "PUTAUT", "QMNAME", "RCVDATA", "RCVEXIT", "RESETSEQ", "SCYDATA", "SCYEXIT",
            "SENDDATA", "SENDEXIT", "SEQWRAP", "SHARECNV", "SHORTRTY", "SHORTTMR", "SPLPROT", "SSLCAUTH", "SSLCIPH",
            "SSLKEYP", "SSLKEYR", "SSLPEER", "STATCHL", "TMPMODEL", "TMPQPRFX", "TOPICROOT", "TPNAME", "TPROOT",
            "TRPTYPE", "USECLTID", "USEDLQ", "USERID", "XMITQ");

    /** Attributes each noun takes with DEFINE, ALTER and SET; nouns not listed are not checked. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "QLOCAL", LOCAL_QUEUE,
            "QMODEL", union(LOCAL_QUEUE, Set.of("DEFTYPE")),
            "QREMOTE", union(QUEUE_COMMON, Set.of("RNAME", "RQMNAME", "XMITQ")),
            "QALIAS", union(QUEUE_COMMON, Set.of("DEFREADA", "GET", "PROPCTL", "TARGET", "TARGQ", "TARGTYPE")),
            "TOPIC", Set.of("TOPICSTR", "LIKE", "REPLACE", "NOREPLACE", "CMDSCOPE", "QSGDISP", "CAPEXPRY", "CLROUTE",
                    "CLUSTER", "COMMINFO", "CUSTOM", "DEFPRESP", "DEFPRTY", "DEFPSIST", "DESCR", "DURSUB", "MCAST",
                    "MDURMDL", "MNDURMDL", "NPMSGDLV", "PMSGDLV", "PROXYSUB", "PUB", "PUBSCOPE", "SUB", "SUBSCOPE",
                    "TYPE", "USEDLQ", "WILDCARD"),
            "CHANNEL", CHANNEL,
            "CHLAUTH", Set.of("TYPE", "ACTION", "ADDRESS", "ADDRLIST", "CHCKCLNT", "CLNTUSER", "CUSTOM", "DESCR",
                    "MCAUSER", "QMNAME", "SSLCERTI", "SSLPEER", "USERLIST", "USERSRC", "WARN", "CMDSCOPE"),
            "AUTHREC", Set.of("PROFILE", "OBJTYPE", "PRINCIPAL", "GROUP", "AUTHADD", "AUTHRMV", "SERVCOMP"),
            "QMGR", Set.of("ACCTCONO", "ACCTINT", "ACCTMQI", "ACCTQ", "ACTIVREC", "ACTVCONO", "ACTVTRC", "ADVCAP",
                    "AUTHOREV", "BRIDGEEV", "CCSID", "CERTLABL", "CERTVPOL", "CHAD", "CHADEV", "CHADEXIT", "CHLAUTH",
                    "CHLEV", "CLWLDATA", "CLWLEXIT", "CLWLLEN", "CLWLMRUC", "CLWLUSEQ", "CMDEV", "CONFIGEV",
                    "CONNAUTH", "CUSTOM", "DEADQ", "DEFCLXQ", "DEFXMITQ", "DESCR", "FORCE", "IMGINTVL", "IMGLOGLN",
                    "IMGRCOVO", "IMGRCOVQ", "IMGSCHED", "INHIBTEV", "IPADDRV", "LOCALEV", "LOGGEREV", "MARKINT",
                    "MAXHANDS", "MAXMSGL", "MAXPROPL", "MAXPRTY", "MAXUMSGS", "MONACLS", "MONCHL", "MONQ", "PARENT",
                    "PERFMEV", "PSCLUS", "PSMODE", "PSNPMSG", "PSNPRES", "PSRTYCNT", "PSSYNCPT", "REMOTEEV", "REPOS",
                    "REPOSNL", "REVDNS", "ROUTEREC", "SCHINIT", "SCMDSERV", "SPLCAP", "SSLCRLNL", "SSLCRYP", "SSLEV",
                    "SSLFIPS", "SSLKEYR", "SSLRKEYC", "STATACLS", "STATCHL", "STATINT", "STATMQI", "STATQ",
                    "STRSTPEV", "SUITEB", "TREELIFE", "TRIGINT", "INITKEY", "ENCRYPT"));

    /** Attributes DELETE takes, whatever the noun. */
    private static final Set<String> DELETE_OPTIONS = Set.of("PURGE", "NOPURGE", "AUTHREC", "CMDSCOPE", "QSGDISP",
            "IGNSTATE", "CHLTYPE", "CHLTABLE", "PROFILE", "OBJTYPE", "PRINCIPAL", "GROUP", "SERVCOMP");

    private static final Set<String> AUTHORITIES = Set.of("ALL", "ALLADM", "ALLMQI", "NONE", "ALTUSR", "BROWSE",
            "CHG", "CLR", "CONNECT", "CRT", "CTRL", "CTRLX", "DLT", "DSP", "GET", "INQ", "PASSALL", "PASSID", "PUB",
            "PUT", "RESUME", "SET", "SETALL", "SETID", "SUB", "SYSTEM");

    /** Characters of MQ object names. */
    private static final Pattern OBJECT_NAME = Pattern.compile("[A-Za-z0-9._/%]+");

    private MqscGrammar() {
    }

    static String verb(String word) {
        return VERB_SYNONYMS.getOrDefault(word, word);
    }

    static boolean isVerb(String verb) {
        return VERBS.contains(verb);
    }

    static String noun(String word) {
        return NOUN_SYNONYMS.getOrDefault(word, word);
    }

    static boolean isChecked(String verb) {
        return NOUNS.containsKey(verb);
    }

    static Set<String> nouns(String verb) {
        return NOUNS.get(verb);
    }

    static boolean isUnnamed(String noun) {
        return UNNAMED.contains(noun);
    }

    /** Reports what is wrong with a command of a checked verb, as (error?, message) pairs. */
    static void check(MqscCommand command, BiConsumer<Boolean, String> report) {
        String verb = command.verb();
        String noun = command.objectType();
        Set<String> known = verb.equals("DELETE") ? DELETE_OPTIONS : ATTRIBUTES.get(noun);
        if (known != null) {
            for (String keyword : command.parameters().keySet()) {
                if (!known.contains(keyword)) {
                    report.accept(false, keyword + " is not an attribute of " + command.kind() + " known to this reader;"
                            + " check its spelling against the MQSC reference");
                }
            }
        }
        if (verb.equals("DEFINE")) {
            checkDefine(command, report);
        }
        if (noun.equals("AUTHREC")) {
            checkAuthorityRecord(command, report);
        }
        if (verb.equals("SET") && noun.equals("CHLAUTH")) {
            require(command, List.of("TYPE"), report);
        }
    }

    private static void checkDefine(MqscCommand command, BiConsumer<Boolean, String> report) {
        String noun = command.objectType();
        if (!command.has("REPLACE") && !command.has("NOREPLACE")) {
            report.accept(false, command.kind() + "(" + command.name() + ") without NOREPLACE or REPLACE: say which"
                    + " (the MQ container applies /etc/mqm/*.mqsc at every start); NOREPLACE keeps an existing"
                    + " object's tuning, then ALTER what must be set");
        }
        if (noun.equals("CHANNEL")) {
            require(command, List.of("CHLTYPE"), report);
        }
        int maxLength = noun.equals("CHANNEL") ? 20 : 48;
        if (command.name().length() > maxLength) {
            report.accept(true, command.objectType() + " name '" + command.name() + "' has " + command.name().length()
                    + " characters; at most " + maxLength + " are allowed");
        }
        if (!OBJECT_NAME.matcher(command.name()).matches()) {
            report.accept(true, command.objectType() + " name '" + command.name() + "' may contain only"
                    + " A-Z a-z 0-9 . / _ %");
        }
    }

    private static void checkAuthorityRecord(MqscCommand command, BiConsumer<Boolean, String> report) {
        require(command, List.of("OBJTYPE"), report);
        if (command.has("PRINCIPAL") == command.has("GROUP")) {
            report.accept(true, command.kind() + " needs exactly one of PRINCIPAL and GROUP");
        }
        if (command.verb().equals("SET") && !command.has("AUTHADD") && !command.has("AUTHRMV")) {
            report.accept(true, "SET AUTHREC needs AUTHADD or AUTHRMV");
        }
        for (String keyword : List.of("AUTHADD", "AUTHRMV")) {
            for (String authority : command.values(keyword)) {
                if (!AUTHORITIES.contains(authority)) {
                    report.accept(false, "'" + authority + "' in " + keyword + " is not an MQ authority known to"
                            + " this reader");
                }
            }
        }
    }

    private static void require(MqscCommand command, List<String> keywords, BiConsumer<Boolean, String> report) {
        for (String keyword : keywords) {
            if (command.value(keyword).isEmpty()) {
                report.accept(true, command.kind() + " needs " + keyword + "(...)");
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
