import java.io.File;
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
 * Usage: OwlCheck FILE [--save OUT | --compare OTHER]
 * --save writes the loaded ontology to OUT (OWL/XML if OUT ends in .owx, else RDF/XML);
 * --compare loads OTHER with a fresh manager and lists the axioms (annotations included)
 * and ontology annotations that only one of the two holds ("missing" from OTHER, "added").
 * Exit 0 when the files loaded, 2 when one could not be loaded.
 */
public final class OwlCheck {
    public static void main(String[] args) {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: OwlCheck FILE [--save OUT | --compare OTHER]");
            System.exit(2);
        }
        try {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            OWLOntology ontology = OntologyFiles.load(manager, new File(args[0]));
            report(manager, ontology);
            if (args.length == 3 && args[1].equals("--save")) {
                OntologyFiles.save(manager, ontology, new File(args[2]));
            } else if (args.length == 3 && args[1].equals("--compare")) {
                OWLOntologyManager other = OWLManager.createOWLOntologyManager();
                compare(ontology, OntologyFiles.load(other, new File(args[2])));
            }
        } catch (Exception e) {
            System.err.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
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
