import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLAnnotationAssertionAxiom;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * What Protégé's library makes of an OWL file: loads it as RDF/XML, or as OWL/XML if its name ends
 * in .owx (OntologyFiles, one per OWL API version) and prints one fact per line, "key value".
 *
 * Usage: OwlCheck FILE [--save OUT] [--compare OTHER]   or   OwlCheck --jobs LIST
 * --save writes the loaded ontology to OUT (OWL/XML if OUT ends in .owx, else RDF/XML);
 * --compare then loads OTHER with a fresh manager and lists the axioms (annotations included)
 * and ontology annotations that only one of the two holds ("missing" from OTHER, "added").
 * Exit 0 when the files loaded, 2 when one could not be loaded.
 * --jobs runs each line of LIST (a job's arguments, tab-separated) in this one Java process,
 * each with managers of its own, in order, and writes job N's output, error output and exit
 * code to LIST.N.out, LIST.N.err and LIST.N.code: one JVM start instead of one per job.
 */
public final class OwlCheck {
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--jobs")) {
            List<String> jobs = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
            PrintStream out = System.out, err = System.err;
            for (int n = 0; n < jobs.size(); n++) {
                ByteArrayOutputStream jobOut = new ByteArrayOutputStream(), jobErr = new ByteArrayOutputStream();
                System.setOut(new PrintStream(jobOut, true, "UTF-8"));
                System.setErr(new PrintStream(jobErr, true, "UTF-8"));
                int code;
                try {
                    code = run(jobs.get(n).split("\t"));
                } finally {
                    System.setOut(out);
                    System.setErr(err);
                }
                Files.write(Paths.get(args[1] + "." + n + ".out"), jobOut.toByteArray());
                Files.write(Paths.get(args[1] + "." + n + ".err"), jobErr.toByteArray());
                Files.write(Paths.get(args[1] + "." + n + ".code"), String.valueOf(code).getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        System.exit(run(args));
    }

    /** One job: FILE [--save OUT] [--compare OTHER]; its exit code. */
    private static int run(String[] args) {
        boolean known = args.length == 1 || (args.length == 3 && (args[1].equals("--save") || args[1].equals("--compare")))
                || (args.length == 5 && args[1].equals("--save") && args[3].equals("--compare"));
        if (!known) {
            System.err.println("usage: OwlCheck FILE [--save OUT] [--compare OTHER]");
            return 2;
        }
        try {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology ontology = OntologyFiles.load(manager, new File(args[0]));
            report(manager, ontology);
            for (int i = 1; i < args.length; i += 2) {
                if (args[i].equals("--save")) {
                    OntologyFiles.save(manager, ontology, new File(args[i + 1]));
                } else {
                    OWLOntologyManager other = OWLManager.createOWLOntologyManager();
                    compare(ontology, OntologyFiles.load(other, new File(args[i + 1])));
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
    }

    private static void report(OWLOntologyManager manager, OWLOntology o) {
        System.out.println("api " + OntologyFiles.API);
        System.out.println("format " + OntologyFiles.formatName(manager, o));
        System.out.println("version-iri " + OntologyFiles.versionIri(o));
        System.out.println("imports " + o.getImportsDeclarations().size());
        System.out.println("axioms " + o.getAxiomCount());
        System.out.println("logical-axioms " + o.getLogicalAxiomCount());
        System.out.println("annotated-axioms " + annotated(o.getAxioms()).size());
        Map<String, Integer> byProperty = new TreeMap<>();
        for (OWLAxiom axiom : annotated(o.getAxioms())) {
            for (OWLAnnotation annotation : axiom.getAnnotations()) {
                byProperty.merge(annotation.getProperty().getIRI().toString(), 1, Integer::sum);
            }
        }
        byProperty.forEach((property, n) -> System.out.println("axiom-annotation " + property + " " + n));
        Map<String, Integer> byType = new TreeMap<>();
        for (OWLAxiom axiom : o.getAxioms()) {
            byType.merge(axiom.getAxiomType().getName(), 1, Integer::sum);
        }
        byType.forEach((type, n) -> System.out.println("axiom-type " + type + " " + n));
        for (String triple : OntologyFiles.unparsedTriples(manager, o)) {
            System.out.println("unparsed " + triple);
        }
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(o).getViolations()) {
            System.out.println("violation " + oneLine(violation.toString()));
        }
        Map<IRI, Set<String>> kinds = new TreeMap<>();
        for (OWLEntity entity : o.getSignature()) {
            kinds.computeIfAbsent(entity.getIRI(), k -> new TreeSet<>()).add(entity.getEntityType().getName());
            if (entity.isBuiltIn()) {
                continue;
            }
            if (!hasLabel(o, entity.getIRI())) {
                System.out.println("unlabelled " + entity.getEntityType().getName() + " " + entity.getIRI());
            }
            if (o.getDeclarationAxioms(entity).isEmpty()) {
                System.out.println("undeclared " + entity.getEntityType().getName() + " " + entity.getIRI());
            }
        }
        System.out.println("entities " + kinds.size());
        kinds.forEach((iri, types) -> {
            if (types.size() > 1) {
                System.out.println("punned " + iri + " " + String.join(",", types));
            }
        });
    }

    private static boolean hasLabel(OWLOntology o, IRI iri) {
        for (OWLAnnotationAssertionAxiom axiom : o.getAnnotationAssertionAxioms(iri)) {
            if (axiom.getProperty().isLabel()) {
                return true;
            }
        }
        return false;
    }

    private static void compare(OWLOntology first, OWLOntology second) {
        Set<OWLAxiom> a = first.getAxioms();
        Set<OWLAxiom> b = second.getAxioms();
        System.out.println("other-axioms " + second.getAxiomCount());
        System.out.println("other-logical-axioms " + second.getLogicalAxiomCount());
        System.out.println("other-annotated-axioms " + annotated(b).size());
        for (OWLAnnotation annotation : difference(first.getAnnotations(), second.getAnnotations())) {
            System.out.println("missing-ontology-annotation " + oneLine(annotation.toString()));
        }
        for (OWLAnnotation annotation : difference(second.getAnnotations(), first.getAnnotations())) {
            System.out.println("added-ontology-annotation " + oneLine(annotation.toString()));
        }
        for (OWLAxiom axiom : difference(a, b)) {
            System.out.println((axiom.isAnnotated() ? "missing-annotated " : "missing ") + oneLine(axiom.toString()));
        }
        for (OWLAxiom axiom : difference(b, a)) {
            System.out.println((axiom.isAnnotated() ? "added-annotated " : "added ") + oneLine(axiom.toString()));
        }
    }

    private static List<OWLAxiom> annotated(Set<OWLAxiom> axioms) {
        List<OWLAxiom> found = new ArrayList<>();
        for (OWLAxiom axiom : axioms) {
            if (axiom.isAnnotated()) {
                found.add(axiom);
            }
        }
        return found;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
