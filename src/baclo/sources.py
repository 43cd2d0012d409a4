"""The bibliography: every published source a rule, model, protocol or page relies on.

One entry per work, addressed by a short stable key (``"simon-2018"``). Code cites a work with
:func:`cite` (the full reference, as a page's "Source:" line shows it), docs/sources.md is
generated from :data:`SOURCES` (``scripts/write_sources.py``; a test keeps it up to date), so a
reference is written once and reads the same everywhere.

A title in square brackets is a description, for a document published without one (a press
release, a court decision); the others are the work's own title, in its own language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["SOURCES", "Source", "bibliography_markdown", "cite", "source"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One published work: who, when, what, where, and how to find it."""

    key: str
    authors: str
    year: str
    title: str
    published_in: str
    doi: str = ""
    url: str = ""

    def short(self) -> str:
        """``Simon et al. 2018``: the name of a work in running text (a model, a table)."""
        first_author = self.authors.split(",")[0].split()
        initials = [i for i, word in enumerate(first_author) if i and word.isupper()]
        if not initials:  # an organisation
            return f"{self.authors} {self.year}"
        surname = " ".join(first_author[: initials[0]])
        others = " et al." if "," in self.authors else ""
        return f"{surname}{others} {self.year}"

    def citation(self) -> str:
        """The reference in one line: ``Authors (year). Title. Where. doi:... / url``."""
        title = self.title if self.title.endswith(("?", ".", "]")) else f"{self.title}."
        parts = [f"{self.authors} ({self.year}). {title} {self.published_in}."]
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.url:
            parts.append(self.url)
        return " ".join(parts)


_ENTRIES = (
    Source(
        key="association-baclofene",
        authors="Association Baclofène",
        year="2014",
        title="Baclofène dans le traitement de l'alcoolo-dépendance, notre expérience",
        published_in="Association Baclofène, Plaisance-du-Touch",
        url="http://www.baclofene.org",
    ),
    Source(
        key="ameisen-2005",
        authors="Ameisen O",
        year="2005",
        title=(
            "Complete and prolonged suppression of symptoms and consequences of alcohol-"
            "dependence using high-dose baclofen: a self-case report of a physician"
        ),
        published_in="Alcohol Alcohol 40(2):147-150",
        doi="10.1093/alcalc/agh130",
    ),
    Source(
        key="ameisen-2008",
        authors="Ameisen O",
        year="2008",
        title="Le dernier verre",
        published_in="Denoël, Paris",
    ),
    Source(
        key="de-beaurepaire-2012",
        authors="de Beaurepaire R",
        year="2012",
        title=(
            "Suppression of alcohol dependence using baclofen: a 2-year observational study "
            "of 100 patients"
        ),
        published_in="Front Psychiatry 3:103",
        doi="10.3389/fpsyt.2012.00103",
    ),
    Source(
        key="rigal-2012",
        authors="Rigal L, Alexandre-Dubroeucq C, de Beaurepaire R, Le Jeunne C, Jaury P",
        year="2012",
        title=(
            "Abstinence and 'low-risk' consumption 1 year after the initiation of high-dose "
            "baclofen: a retrospective study among 'high-risk' drinkers"
        ),
        published_in="Alcohol Alcohol 47(4):439-442",
        doi="10.1093/alcalc/ags028",
    ),
    Source(
        key="granger-2013",
        authors="Granger B",
        year="2013",
        title="Nouvelle étude sur le baclofène : un taux de succès de 68 %",
        published_in=(
            "Sciences et Avenir, 15 November 2013 (interview on N. Dussère's medical thesis, "
            "Université Paris-Descartes: 81 patients followed for six months)"
        ),
        url=(
            "http://www.sciencesetavenir.fr/sante/20131115.OBS5694/"
            "nouvelle-etude-sur-le-baclofene-un-taux-de-succes-de-68.html"
        ),
    ),
    Source(
        key="ansm-rtu-2014",
        authors="ANSM",
        year="2014",
        title=(
            "Recommandation temporaire d'utilisation (RTU) du baclofène dans "
            "l'alcoolo-dépendance, 14 mars 2014"
        ),
        published_in="Agence nationale de sécurité du médicament et des produits de santé",
        url="https://ansm.sante.fr",
    ),
    Source(
        key="cnam-ansm-2017",
        authors="CNAMTS, ANSM, Inserm CépiDc",
        year="2017",
        title=(
            "Le baclofène en vie réelle en France entre 2009 et 2015. Usages, persistance et "
            "sécurité, et comparaison aux traitements des problèmes d'alcool ayant une "
            "autorisation de mise sur le marché"
        ),
        published_in=(
            "Caisse nationale de l'assurance maladie, rapport, juin 2017 (publié le 3 juillet 2017)"
        ),
    ),
    Source(
        key="chaignot-2018",
        authors="Chaignot C, Zureik M, Rey G, Dray-Spira R, Coste J, Weill A",
        year="2018",
        title=(
            "Risk of hospitalisation and death related to baclofen for alcohol use disorders: "
            "comparison with nalmefene, acamprosate, and naltrexone in a cohort study of "
            "165 334 patients between 2009 and 2015 in France"
        ),
        published_in="Pharmacoepidemiol Drug Saf 27(11):1239-1248",
        doi="10.1002/pds.4635",
    ),
    Source(
        key="ansm-2017-80mg",
        authors="ANSM",
        year="2017",
        title=(
            "[Baclofène dans l'alcoolo-dépendance : posologie maximale de la RTU abaissée à "
            "80 mg/jour, réduction progressive au-delà ; information aux professionnels de "
            "santé, juillet 2017]"
        ),
        published_in="Agence nationale de sécurité du médicament et des produits de santé",
        url="https://ansm.sante.fr",
    ),
    Source(
        key="baclocur-smpc-2018",
        authors="ANSM",
        year="2018",
        title=(
            "Baclocur 10, 20, 30, 40 mg, comprimé pelliculé sécable: résumé des "
            "caractéristiques du produit (SmPC; marketing authorisation of 22 October 2018), "
            "section 4.2"
        ),
        published_in="Base de données publique des médicaments",
        url="https://base-donnees-publique.medicaments.gouv.fr/extrait.php?specid=66009893",
    ),
    Source(
        key="conseil-etat-2020",
        authors="Conseil d'État",
        year="2020",
        title="[Ordonnance du juge des référés, 25 novembre 2020, n° 441409]",
        published_in="Légifrance",
        url="https://www.legifrance.gouv.fr/ceta/id/CETATEXT000042570074",
    ),
    Source(
        key="ansm-2021",
        authors="ANSM",
        year="2021",
        title=(
            "[Baclofène dans l'alcoolo-dépendance : recommandations après l'annulation de la "
            "limite de 80 mg/jour, mars 2021 : pas plus de 300 mg/jour, évaluation "
            "pluridisciplinaire spécialisée fortement recommandée au-delà de 80 mg/jour]"
        ),
        published_in="Agence nationale de sécurité du médicament et des produits de santé",
        url="https://ansm.sante.fr",
    ),
    Source(
        key="spf-inca-2017",
        authors="Santé publique France, Institut national du cancer",
        year="2017",
        title=(
            "Avis d'experts relatif à l'évolution du discours public en matière de "
            "consommation d'alcool en France"
        ),
        published_in="Santé publique France, May 2017",
        url="https://www.santepubliquefrance.fr",
    ),
    Source(
        key="simon-2018",
        authors="Simon N, Moirand R, Dematteis M, Bordet R, Deplanque D, Rolland B",
        year="2018",
        title=(
            "Full-profile pharmacokinetic study of high dose baclofen in subjects with alcohol "
            "use disorder"
        ),
        published_in="Front Psychiatry 9:385",
        doi="10.3389/fpsyt.2018.00385",
    ),
    Source(
        key="chevillard-2018",
        authors="Chevillard L, Sabo N, Tod M, et al.",
        year="2018",
        title=(
            "Population pharmacokinetics of oral baclofen at steady-state in alcoholic-"
            "dependent adult patients"
        ),
        published_in="Fundam Clin Pharmacol (epub 1 November 2017)",
        doi="10.1111/fcp.12330",
    ),
    Source(
        key="marsot-2014",
        authors="Marsot A, Imbert B, Alvarez JC, et al.",
        year="2014",
        title="High variability in the exposure of baclofen in alcohol-dependent patients",
        published_in="Alcohol Clin Exp Res",
        doi="10.1111/acer.12235",
    ),
    Source(
        key="vlavonou-2014",
        authors="Vlavonou R, Perreault MM, Barrière O, et al.",
        year="2014",
        title=(
            "Pharmacokinetic characterization of baclofen in patients with chronic kidney "
            "disease: dose adjustment recommendations"
        ),
        published_in="J Clin Pharmacol 54(5):584-592",
        doi="10.1002/jcph.247",
    ),
    Source(
        key="wuis-1989",
        authors="Wuis EW, Dirks MJ, Termond EF, Vree TB, Van der Kleijn E",
        year="1989",
        title="Plasma and urinary excretion kinetics of oral baclofen in healthy subjects",
        published_in="Eur J Clin Pharmacol 37(2):181-184",
    ),
    Source(
        key="wuis-1990",
        authors="Wuis EW, Dirks MJ, Vree TB, Van der Kleijn E",
        year="1990",
        title="Pharmacokinetics of baclofen in spastic patients receiving multiple oral doses",
        published_in="Pharm Weekbl Sci 12(2):71-74",
    ),
    Source(
        key="agarwal-2015",
        authors="Agarwal SK, Kriel RL, Cloyd JC, et al.",
        year="2015",
        title=(
            "A pilot study assessing pharmacokinetics and tolerability of oral and intravenous "
            "baclofen in healthy adult volunteers"
        ),
        published_in="J Child Neurol 30(1):37-41",
        doi="10.1177/0883073814535504",
    ),
    Source(
        key="foroutan-2003",
        authors="Foroutan SM, Shafaati A, Zarghi A, Khoddam A",
        year="2003",
        title=(
            "Bioequivalence studies of two formulations of baclofen tablet in healthy volunteers"
        ),
        published_in="Iran J Pharm Res 2(3)",
        doi="10.22037/ijpr.2010.52",
    ),
    Source(
        key="lingford-hughes-2018",
        authors=(
            "Lingford-Hughes A, Durant C, Paterson L, Turton S, Venkataraman A, Wilson S, "
            "Myers J, Muthukumaraswamy S, Mick I, Paterson S, Jones T, Nahar L, Cordero R, Nutt D"
        ),
        year="2018",
        title=(
            "Using baclofen to explore GABA-B receptor function in alcohol dependence: insights "
            "from pharmacokinetic and pharmacodynamic measures"
        ),
        published_in="Front Psychiatry 9:664",
        doi="10.3389/fpsyt.2018.00664",
    ),
    Source(
        key="peterson-1985",
        authors="Peterson GM, McLean S, Millingen KS",
        year="1985",
        title="Food does not affect the bioavailability of baclofen",
        published_in="Med J Aust 142(13)",
    ),
    Source(
        key="brvar-2007",
        authors="Brvar M, Vrtovec M, Kovač D, Kozelj G, Pezdir T, Bunc M",
        year="2007",
        title="Haemodialysis clearance of baclofen",
        published_in="Eur J Clin Pharmacol 63(12):1143-1146",
    ),
    Source(
        key="leung-2006",
        authors="Leung NY, Whyte IM, Isbister GK",
        year="2006",
        title="Baclofen overdose: defining the spectrum of toxicity",
        published_in="Emerg Med Australas 18(1):77-82",
        doi="10.1111/j.1742-6723.2006.00805.x",
    ),
    Source(
        key="sein-anand-2017",
        authors="Sein Anand J, et al.",
        year="2017",
        title=(
            "Correlation between the single, high dose of ingested baclofen and clinical symptoms"
        ),
        published_in="Ann Agric Environ Med 24(4):566-569",
    ),
    Source(
        key="kdigo-2013",
        authors="Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group",
        year="2013",
        title=(
            "KDIGO 2012 clinical practice guideline for the evaluation and management of chronic "
            "kidney disease"
        ),
        published_in="Kidney Int Suppl 3(1):1-150",
    ),
    Source(
        key="ijcpt-2017",
        authors="[5 authors]",
        year="2017",
        title=(
            "Pharmacokinetic comparison and bioequivalence evaluation of two 10-mg baclofen "
            "formulations in healthy male subjects"
        ),
        published_in="Int J Clin Pharmacol Ther 55(2):194-200",
    ),
    Source(
        key="babor-2001",
        authors="Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG",
        year="2001",
        title=(
            "AUDIT: the Alcohol Use Disorders Identification Test. Guidelines for use in primary "
            "care, 2nd ed."
        ),
        published_in="World Health Organization, WHO/MSD/MSB/01.6a",
    ),
    Source(
        key="bush-1998",
        authors="Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA",
        year="1998",
        title=(
            "The AUDIT alcohol consumption questions (AUDIT-C): an effective brief screening "
            "test for problem drinking"
        ),
        published_in="Arch Intern Med 158(16):1789-1795",
        doi="10.1001/archinte.158.16.1789",
    ),
    Source(
        key="bradley-2007",
        authors="Bradley KA, DeBenedetti AF, Volk RJ, Williams EC, Frank D, Kivlahan DR",
        year="2007",
        title="AUDIT-C as a brief screen for alcohol misuse in primary care",
        published_in="Alcohol Clin Exp Res 31(7):1208-1217",
        doi="10.1111/j.1530-0277.2007.00403.x",
    ),
    Source(
        key="sfa-2015",
        authors="Société française d'alcoologie",
        year="2015",
        title="Mésusage de l'alcool : dépistage, diagnostic et traitement",
        published_in="Alcoologie et Addictologie 37(1):5-84",
    ),
    Source(
        key="kroenke-2001",
        authors="Kroenke K, Spitzer RL, Williams JBW",
        year="2001",
        title="The PHQ-9: validity of a brief depression severity measure",
        published_in="J Gen Intern Med 16(9):606-613",
        doi="10.1046/j.1525-1497.2001.016009606.x",
    ),
    Source(
        key="johns-1991",
        authors="Johns MW",
        year="1991",
        title="A new method for measuring daytime sleepiness: the Epworth sleepiness scale",
        published_in="Sleep 14(6):540-545",
        doi="10.1093/sleep/14.6.540",
    ),
    Source(
        key="3114",
        authors="Ministère de la Santé et de la Prévention",
        year="2021",
        title=("[3114, numéro national de prévention du suicide, gratuit, 24 h/24 et 7 j/7]"),
        published_in="3114.fr",
        url="https://3114.fr",
    ),
    Source(
        key="leo-baer-2005",
        authors="Leo RJ, Baer D",
        year="2005",
        title=(
            "Delirium associated with baclofen withdrawal: a review of common presentations and "
            "management strategies"
        ),
        published_in="Psychosomatics 46(6):503-507",
        doi="10.1176/appi.psy.46.6.503",
    ),
    Source(
        key="baclocur-leaflet-2018",
        authors="ANSM",
        year="2018",
        title=(
            "Baclocur, comprimé pelliculé sécable: notice (package leaflet), section 3, "
            "'Si vous oubliez de prendre Baclocur' (do not take a double dose)"
        ),
        published_in="Base de données publique des médicaments",
        url="https://base-donnees-publique.medicaments.gouv.fr/extrait.php?specid=66009893",
    ),
    Source(
        key="haber-riordan-2021",
        authors="Haber PS, Riordan BC",
        year="2021",
        title=(
            "Guidelines for the Treatment of Alcohol Problems (4th edition), chapter 10, "
            "'Baclofen': start low and titrate slowly because of the risks of sedation and "
            "overdose; never interrupt abruptly"
        ),
        published_in=(
            "Specialty of Addiction Medicine, Faculty of Medicine and Health, The University of "
            "Sydney"
        ),
        url=(
            "https://alcoholtreatmentguidelines.com.au/chapter-10-pharmacotherapies/"
            "secondline-pharmacotherapies-offlabel-medication/baclofen"
        ),
    ),
    Source(
        key="chen-1997",
        authors="Chen KS, Bullard MJ, Chien YY, Lee SY",
        year="1997",
        title="Baclofen toxicity in patients with severely impaired renal function",
        published_in="Ann Pharmacother 31(11):1315-1320",
    ),
    Source(
        key="el-husseini-2011",
        authors="El-Husseini A, Sabucedo A, Lamarche J, Courville C, Peguero A",
        year="2011",
        title="Baclofen toxicity in patients with advanced nephropathy: proposal for new labeling",
        published_in="Am J Nephrol 34(6):491-495",
        url="https://karger.com/ajn/article-abstract/34/6/491/32751",
    ),
    Source(
        key="wolf-2018",
        authors="Wolf E, Kothari NR, Roberts JK, Sparks MA",
        year="2018",
        title="Baclofen toxicity in kidney disease",
        published_in="Am J Kidney Dis 71(2):275-280",
        doi="10.1053/j.ajkd.2017.07.005",
    ),
    Source(
        key="who-2000",
        authors="World Health Organization",
        year="2000",
        title="International guide for monitoring alcohol consumption and related harm",
        published_in=(
            "WHO, Geneva, WHO/MSD/MSB/00.4 (drinking risk levels by sex: high risk above 60 g "
            "of alcohol a day for men, above 40 g for women)"
        ),
        url="https://iris.who.int/handle/10665/66529",
    ),
    Source(
        key="who-2018",
        authors="World Health Organization",
        year="2018",
        title="Global status report on alcohol and health 2018",
        published_in=(
            "WHO, Geneva (heavy episodic drinking: 60 g or more of pure alcohol on one occasion)"
        ),
        url="https://iris.who.int/handle/10665/274603",
    ),
    Source(
        key="ansm-thesaurus",
        authors="ANSM",
        year="2023",
        title=(
            "Thésaurus des interactions médicamenteuses (groups 'médicaments sédatifs', "
            "'anti-inflammatoires non stéroïdiens', 'diurétiques')"
        ),
        published_in="Agence nationale de sécurité du médicament et des produits de santé",
        url="https://ansm.sante.fr/documents/reference/thesaurus-des-interactions-medicamenteuses-1",
    ),
    Source(
        key="fda-2016-opioids",
        authors="US Food and Drug Administration",
        year="2016",
        title=(
            "FDA requires strong warnings for opioid analgesics, prescription opioid cough "
            "products, and benzodiazepine labeling related to serious risks and death from "
            "combined use"
        ),
        published_in="FDA Drug Safety Communication, 31 August 2016",
        url="https://www.fda.gov/drugs/drug-safety-and-availability",
    ),
    Source(
        key="fda-2019-gabapentinoids",
        authors="US Food and Drug Administration",
        year="2019",
        title=(
            "FDA warns about serious breathing problems with seizure and nerve pain medicines "
            "gabapentin (Neurontin, Gralise, Horizant) and pregabalin (Lyrica, Lyrica CR)"
        ),
        published_in="FDA Drug Safety Communication, 19 December 2019",
        url="https://www.fda.gov/drugs/drug-safety-and-availability",
    ),
    Source(
        key="alcool-info-service",
        authors="Santé publique France",
        year="2024",
        title="[Alcool Info Service: 0 980 980 930, every day 8:00-2:00, anonymous]",
        published_in="alcool-info-service.fr",
        url="https://www.alcool-info-service.fr",
    ),
)

#: Every source by key, in the order docs/sources.md lists them.
SOURCES: Mapping[str, Source] = MappingProxyType({entry.key: entry for entry in _ENTRIES})


def source(key: str) -> Source:
    """The source under ``key``; a ``KeyError`` names the unknown key (a typo in code)."""
    try:
        return SOURCES[key]
    except KeyError:
        raise KeyError(f"no source {key!r} in baclo.sources.SOURCES") from None


def cite(*keys: str) -> str:
    """The full references of ``keys``, separated by ``"; "`` (what a "Source:" line shows).

    >>> cite("johns-1991").startswith("Johns MW (1991). A new method for measuring daytime")
    True
    """
    if not keys:
        raise ValueError("cite() needs at least one source key")
    return "; ".join(source(key).citation() for key in keys)


def bibliography_markdown() -> str:
    """docs/sources.md: one line per source, with the key that code cites it by."""
    lines = [
        "# Sources",
        "",
        "Every rule, model, protocol and page of baclo cites its sources from this list, by key.",
        "Generated from `src/baclo/sources.py` by `scripts/write_sources.py`; do not edit by hand.",
        "",
        "| key | reference |",
        "|---|---|",
    ]
    lines += [f"| `{entry.key}` | {entry.citation()} |" for entry in _ENTRIES]
    return "\n".join(lines) + "\n"
